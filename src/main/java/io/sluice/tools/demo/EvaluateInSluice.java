package io.sluice.tools.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufReader;
import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kvcache.BlockTable;
import io.sluice.engine.embedded.kvcache.KvCache;
import io.sluice.engine.embedded.model.ModelConfig;
import io.sluice.engine.embedded.model.ModelWeights;
import io.sluice.engine.embedded.model.Transformer;
import io.sluice.engine.embedded.tokenizer.Tokenizer;
import io.sluice.engine.embedded.tokenizer.Tokenizers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The greedy part of the quality bar measured through Sluice's own engine (tokenizer, forward pass) instead of
 * PyTorch: the {@code capital} and {@code story} prompt sets of {@code eval-prompts.jsonl}, each prompt's ids as the
 * Java tokenizer built them, greedy decoding until an end-of-generation token. Writes a JSON report with every
 * reply, so the replies can be compared with {@code evaluate.py}'s.
 */
public final class EvaluateInSluice {

    private static final String USAGE =
            "usage: EvaluateInSluice --gguf FILE --prompts eval-prompts.jsonl --out report.json [--max-new 200]";

    private EvaluateInSluice() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv, USAGE);
        int maxNew = args.integer("max-new", 200);
        List<JsonNode> prompts = ChatCorpus.readLines(args.path("prompts"));
        long started = System.nanoTime();
        ObjectNode report = ChatCorpus.JSON.createObjectNode();
        try (GgufFile gguf = GgufReader.open(args.path("gguf")); KernelPool pool = new KernelPool(2)) {
            ModelConfig config = ModelConfig.from(gguf);
            Tokenizer tokenizer = Tokenizers.fromGguf(gguf.metadata());
            int blockSize = 16;
            Transformer model = new Transformer(config, ModelWeights.load(gguf, config, pool),
                    new KvCache(config.layers(), config.kvWidth(), blockSize, config.contextLength() / blockSize),
                    pool);
            report.put("gguf", args.string("gguf"));
            Map<String, int[]> passed = new LinkedHashMap<>();
            ObjectNode replies = report.putObject("greedy_replies");
            for (String set : List.of("capital", "capital-heldout-phrasing", "story", "story-heldout-phrasing")) {
                ArrayNode texts = replies.putArray(set);
                int[] counts = new int[2];
                for (JsonNode prompt : prompts) {
                    if (!prompt.get("set").asText().equals(set)) {
                        continue;
                    }
                    int[] ids = new int[prompt.get("ids").size()];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = prompt.get("ids").get(i).asInt();
                    }
                    String reply = greedy(model, tokenizer, ids, maxNew);
                    texts.add(reply);
                    counts[0] += mentions(reply, prompt.get("expect").get(0).asText()) ? 1 : 0;
                    counts[1]++;
                }
                passed.put(set, counts);
            }
            ObjectNode rates = report.putObject("sets");
            passed.forEach((set, c) -> {
                rates.putObject(set + "@T=0.0").put("passed", c[0]).put("prompts", c[1])
                        .put("rate", (double) c[0] / c[1]);
                System.out.printf("  %-28s %4d/%-4d = %5.1f%%%n", set, c[0], c[1], 100.0 * c[0] / c[1]);
            });
        }
        report.put("seconds", Math.round((System.nanoTime() - started) / 1e9));
        ChatCorpus.JSON.writerWithDefaultPrettyPrinter().writeValue(args.path("out").toFile(), report);
    }

    private static String greedy(Transformer model, Tokenizer tokenizer, int[] prompt, int maxNew) {
        BlockTable table = new BlockTable(model.cache());
        try {
            int limit = Math.min(prompt.length + maxNew, model.config().contextLength());
            if (!table.ensureCapacity(limit)) {
                throw new IllegalStateException("KV cache too small for " + limit + " tokens");
            }
            float[] logits = model.forward(List.of(new Transformer.Chunk(table, prompt, 0, true)))[0];
            List<Integer> out = new ArrayList<>();
            for (int pos = prompt.length; pos < limit; pos++) {
                int next = argMax(logits);
                if (tokenizer.isEndOfGeneration(next)) {
                    break;
                }
                out.add(next);
                logits = model.forward(List.of(new Transformer.Chunk(table, new int[] {next}, pos, true)))[0];
            }
            return new String(tokenizer.decode(out.stream().mapToInt(Integer::intValue).toArray()),
                    StandardCharsets.UTF_8);
        } finally {
            table.release();
        }
    }

    /** Whole-word match allowing a plural ending, as evaluate.py's {@code mentions}. */
    static boolean mentions(String text, String word) {
        return Pattern.compile("\\b" + Pattern.quote(word) + "(s|es)?\\b", Pattern.CASE_INSENSITIVE)
                .matcher(text).find();
    }

    private static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
