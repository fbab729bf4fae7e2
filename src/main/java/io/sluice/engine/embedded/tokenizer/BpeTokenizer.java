package io.sluice.engine.embedded.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE ({@code tokenizer.ggml.model = gpt2}), as llama.cpp's {@code llm_tokenizer_bpe_session} does it:
 * special tokens are cut out first, the rest is split into words by the vocabulary's {@link PreTokenizer}, and each
 * word's UTF-8 bytes are merged pairwise, lowest merge rank first and leftmost first among equal ranks. A final
 * piece that is not a token falls back to its single-character tokens, which llama.cpp only finds for the printable
 * ASCII bytes (the others silently drop, exactly as there). Results per word are cached.
 */
final class BpeTokenizer extends VocabularyTokenizer {

    /** Words are short and repeat a lot; the cache is cleared when it grows past this many entries. */
    private static final int CACHE_LIMIT = 1 << 16;

    private final PreTokenizer pre;
    /** Id of the token whose text is the byte-level character of each byte value, or -1. */
    private final int[] byteToken = new int[256];
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    BpeTokenizer(Vocabulary vocabulary) {
        super(vocabulary);
        this.pre = vocabulary.preTokenizer().orElseThrow();
        for (int b = 0; b < 256; b++) {
            byteToken[b] = vocabulary.find(String.valueOf(ByteLevel.charOf(b)));
        }
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        IntList out = new IntList(text.length() / 3 + 4);
        if (addSpecial && vocabulary.addsBos()) {
            out.add(vocabulary.bosId());
        }
        for (Fragment fragment : SpecialTokenPartition.partition(vocabulary, text, parseSpecial)) {
            switch (fragment) {
                case Fragment.Text(String raw) -> {
                    for (String word : pre.split(raw)) {
                        out.addAll(encodeWord(word));
                    }
                }
                case Fragment.Special(int id) -> out.add(id);
            }
        }
        if (addSpecial && vocabulary.addsEos()) {
            out.add(vocabulary.eosId());
        }
        return out.toArray();
    }

    private int[] encodeWord(String word) {
        int[] ids = cache.get(word);
        if (ids == null) {
            ids = merge(word.getBytes(StandardCharsets.UTF_8));
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(word, ids);
        }
        return ids;
    }

    private int[] merge(byte[] word) {
        if (pre.ignoresMerges()) {
            int whole = vocabulary.find(ByteLevel.encode(word));
            if (whole >= 0) {
                return new int[] {whole};
            }
        }
        int n = word.length;
        if (n == 0) {
            return new int[0];
        }
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        int[] id = new int[n];
        for (int i = 0; i < n; i++) {
            length[i] = 1;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            id[i] = byteToken[word[i] & 0xFF];
        }
        LongHeap queue = new LongHeap();
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, id, i, i + 1);
        }
        while (!queue.isEmpty()) {
            long entry = queue.pop();
            int rank = (int) (entry >>> 32);
            int left = (int) entry;
            int right = next[left];
            // an entry is stale once either symbol has merged elsewhere; then its pair is no longer this rank
            if (length[left] == 0 || right < 0 || vocabulary.mergeRank(id[left], id[right]) != rank) {
                continue;
            }
            length[left] += length[right];
            length[right] = 0;
            id[left] = vocabulary.mergeResult(rank);
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offer(queue, id, prev[left], left);
            }
            if (next[left] >= 0) {
                offer(queue, id, left, next[left]);
            }
        }
        IntList out = new IntList(n);
        for (int i = 0; i >= 0; i = next[i]) {
            if (id[i] >= 0) {
                out.add(id[i]);
                continue;
            }
            for (int k = i; k < i + length[i]; k++) {
                int b = word[k] & 0xFF;
                if (b >= 0x21 && b <= 0x7E && byteToken[b] >= 0) {
                    out.add(byteToken[b]);
                }
            }
        }
        return out.toArray();
    }

    private void offer(LongHeap queue, int[] id, int left, int right) {
        if (id[left] < 0 || id[right] < 0) {
            return;
        }
        int rank = vocabulary.mergeRank(id[left], id[right]);
        if (rank >= 0) {
            queue.push(((long) rank << 32) | left);
        }
    }
}
