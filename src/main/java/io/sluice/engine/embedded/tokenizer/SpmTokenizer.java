package io.sluice.engine.embedded.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * SentencePiece-style BPE ({@code tokenizer.ggml.model = llama}), as llama.cpp's {@code llm_tokenizer_spm} does
 * it: special tokens are cut out first; each text fragment gets a leading space when it starts the input or follows
 * a special token (if the vocabulary adds a space prefix), spaces become U+2581, and starting from single
 * characters the adjacent pair whose concatenation is the highest-scoring token is merged, leftmost first among
 * equal scores, until no pair is a token. A character left over that is not a token is written as its UTF-8 bytes
 * through the {@code <0xXX>} tokens; where a vocabulary lacks one, the unknown token stands in (llama.cpp fails).
 */
final class SpmTokenizer extends VocabularyTokenizer {

    private static final char ESCAPED_SPACE = '\u2581';

    /** The token for each byte value: {@code <0xXX>}, else the one-character token, else unknown (-1 if none). */
    private final int[] byteFallback = new int[256];

    SpmTokenizer(Vocabulary vocabulary) {
        super(vocabulary);
        for (int b = 0; b < 256; b++) {
            int id = vocabulary.find(String.format("<0x%02X>", b));
            if (id < 0 && b < 0x80) {
                id = vocabulary.find(String.valueOf((char) b));
            }
            byteFallback[b] = id >= 0 ? id : vocabulary.unkId();
        }
    }

    @Override
    public int[] encode(String text, boolean addSpecial, boolean parseSpecial) {
        IntList out = new IntList(text.length() / 3 + 4);
        boolean afterSpecial = true;
        if (addSpecial && vocabulary.addsBos()) {
            out.add(vocabulary.bosId());
        }
        for (Fragment fragment : SpecialTokenPartition.partition(vocabulary, text, parseSpecial)) {
            switch (fragment) {
                case Fragment.Text(String raw) -> {
                    String prefixed = vocabulary.addsSpacePrefix() && afterSpecial ? " " + raw : raw;
                    encodeFragment(prefixed.replace(' ', ESCAPED_SPACE), out);
                    afterSpecial = false;
                }
                case Fragment.Special(int id) -> {
                    out.add(id);
                    afterSpecial = true;
                }
            }
        }
        if (addSpecial && vocabulary.addsEos()) {
            out.add(vocabulary.eosId());
        }
        return out.toArray();
    }

    private void encodeFragment(String text, IntList out) {
        int n = text.codePointCount(0, text.length());
        int[] start = new int[n];
        int[] length = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0, at = 0; i < n; i++) {
            start[i] = at;
            length[i] = Character.charCount(text.codePointAt(at));
            at += length[i];
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        LongHeap queue = new LongHeap();
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, text, start, length, i, i + 1);
        }
        while (!queue.isEmpty()) {
            long entry = queue.pop();
            int left = (int) entry;
            int right = next[left];
            // stale once either symbol merged elsewhere: the pair now there must be a token of the same score
            if (length[left] == 0 || right < 0) {
                continue;
            }
            int id = vocabulary.find(text.substring(start[left], start[left] + length[left] + length[right]));
            if (id < 0 || key(vocabulary.score(id), left) != entry) {
                continue;
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offer(queue, text, start, length, prev[left], left);
            }
            if (next[left] >= 0) {
                offer(queue, text, start, length, left, next[left]);
            }
        }
        for (int i = 0; i >= 0 && n > 0; i = next[i]) {
            String symbol = text.substring(start[i], start[i] + length[i]);
            int id = vocabulary.find(symbol);
            if (id >= 0) {
                out.add(id);
                continue;
            }
            for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
                int fallback = byteFallback[b & 0xFF];
                if (fallback < 0) {
                    throw new IllegalStateException(vocabulary.source() + ": no token for byte 0x"
                            + Integer.toHexString(b & 0xFF) + " and no unknown token");
                }
                out.add(fallback);
            }
        }
    }

    private void offer(LongHeap queue, String text, int[] start, int[] length, int left, int right) {
        int id = vocabulary.find(text.substring(start[left], start[left] + length[left] + length[right]));
        if (id >= 0) {
            queue.push(key(vocabulary.score(id), left));
        }
    }

    /** Highest score first, then leftmost: the score's bits made order-preserving, inverted, above the index. */
    private static long key(float score, int left) {
        int bits = Float.floatToIntBits(score == 0f ? 0f : score); // -0.0 ties with 0.0, as in C++

        int ordered = bits ^ ((bits >> 31) & 0x7FFFFFFF);
        return ((long) ~ordered << 32) | left;
    }
}
