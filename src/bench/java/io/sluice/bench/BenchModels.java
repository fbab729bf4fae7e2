package io.sluice.bench;

import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufReader;
import io.sluice.engine.embedded.gguf.GgufTensorInfo;
import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.synth.ModelShape;
import io.sluice.engine.embedded.synth.RandomModelWriter;
import io.sluice.engine.embedded.template.ChatTemplate;
import io.sluice.engine.embedded.tokenizer.ByteLevel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark models: Qwen2.5-0.5B's shape (hidden 896, 24 layers, 14 heads, 2 KV heads, FFN 4864, vocabulary
 * 151936, tied embeddings) with seeded random weights, written once by the project's own GGUF writer into
 * {@code target/bench-models} (or {@code -Dsluice.bench.models=DIR}) and reused by later runs.
 *
 * <p>The vocabulary is synthetic but of the real size, so the output projection costs what it costs in the real
 * model: the 256 GPT-2 byte tokens, unique ASCII filler tokens, a few merges (so llama.cpp and Sluice load it as a
 * byte-level BPE vocabulary) and the ChatML specials. Text tokenizes to about one token per byte.
 *
 * <p>K-quant blocks hold 256 weights, and most of this shape's rows hold 896 (all but {@code ffn_down}'s 4864). As
 * llama.cpp's quantizer does, those matrices fall back to a 32-block type: here {@link #FALLBACK} (Q4_0, the same
 * 4.5 bits per weight; llama.cpp would choose Q5_0, which Sluice does not read). So the "Q4_K" file holds
 * {@code ffn_down} in Q4_K (21% of the weights) and the rest in Q4_0.
 */
public final class BenchModels {

    public static final int VOCAB = 151_936;
    public static final GgmlType FALLBACK = GgmlType.Q4_0;
    public static final String[] SPECIALS = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};
    private static final String[][] MERGES = {{"t", "h"}, {"h", "e"}, {"i", "n"}, {"e", "r"}, {"a", "n"}, {"o", "n"}};

    private BenchModels() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("sluice.bench.models", "target/bench-models"));
    }

    /** The model file of {@code type}, written first if it is not there yet (a minute or two). */
    public static synchronized Path file(GgmlType type) {
        Path file = dir().resolve("qwen2.5-0.5b-shape-" + type + ".gguf");
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(dir());
            Path tmp = Files.createTempFile(dir(), "writing-", ".gguf");
            long t0 = System.nanoTime();
            System.out.printf("writing %s (random weights, seed 1) ...%n", file);
            RandomModelWriter.writeWithFallback(tmp, ModelShape.qwen25HalfB().withName("qwen2.5-0.5b-shape-" + type),
                    type, FALLBACK, vocabulary(), 1);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("  %,d bytes in %.0f s%n", Files.size(file), (System.nanoTime() - t0) / 1e9);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tokenizer metadata of the synthetic 151,936-token byte-level vocabulary, with a ChatML template. */
    public static Map<String, GgufValue> vocabulary() {
        String[] tokens = new String[VOCAB];
        int[] types = new int[VOCAB];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            tokens[n] = String.valueOf(ByteLevel.charOf(b));
            types[n++] = 1;
        }
        String[] merges = new String[MERGES.length];
        for (int i = 0; i < MERGES.length; i++) {
            merges[i] = MERGES[i][0] + " " + MERGES[i][1];
            tokens[n] = MERGES[i][0] + MERGES[i][1];
            types[n++] = 1;
        }
        // Fillers: "Ġ" (a space) or nothing, then a base-36 serial: unique, never a byte token or a merge result.
        for (int i = 0; n < VOCAB - SPECIALS.length; i++) {
            tokens[n] = (i % 2 == 0 ? "Ġ" : "") + "z" + Integer.toString(i / 2, 36);
            types[n++] = 1;
        }
        int firstSpecial = n;
        for (String s : SPECIALS) {
            tokens[n] = s;
            types[n++] = 3;
        }
        Map<String, GgufValue> md = new LinkedHashMap<>();
        md.put("tokenizer.ggml.model", GgufValue.ofString("gpt2"));
        md.put("tokenizer.ggml.pre", GgufValue.ofString("qwen2"));
        md.put("tokenizer.ggml.tokens", GgufValue.ofStrings(tokens));
        md.put("tokenizer.ggml.token_type", GgufValue.ofInt32s(types));
        md.put("tokenizer.ggml.merges", GgufValue.ofStrings(merges));
        md.put("tokenizer.ggml.bos_token_id", GgufValue.ofUInt32(firstSpecial));
        md.put("tokenizer.ggml.eos_token_id", GgufValue.ofUInt32(firstSpecial + 2));
        md.put("tokenizer.ggml.padding_token_id", GgufValue.ofUInt32(firstSpecial));
        md.put("tokenizer.ggml.add_bos_token", GgufValue.ofBool(false));
        md.put(ChatTemplate.GGUF_KEY, GgufValue.ofString(ChatTemplate.CHATML_SOURCE));
        return md;
    }

    /** Ids of ordinary tokens (neither byte tokens nor specials): safe random prompts that decode to ASCII. */
    public static int firstFiller() {
        return 256 + MERGES.length;
    }

    public static int lastFiller() {
        return VOCAB - SPECIALS.length - 1;
    }

    /**
     * Bytes of weights one decode step reads: every matrix of every layer plus the output projection (here the tied
     * token embedding); the embedding lookup reads one row, which is left out.
     */
    public static long weightBytesPerToken(Path file) {
        try (GgufFile f = GgufReader.open(file)) {
            long n = 0;
            for (GgufTensorInfo t : f.tensors().values()) {
                n += t.byteSize();
            }
            if (!f.tensors().containsKey("output.weight")) {
                return n; // tied: token_embd is read whole as the output projection, once
            }
            return n - f.tensor("token_embd.weight").byteSize();
        }
    }
}
