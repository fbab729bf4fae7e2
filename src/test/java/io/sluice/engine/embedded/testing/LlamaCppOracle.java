package io.sluice.engine.embedded.testing;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.args.LogFormat;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.OracleAccess;
import de.kherud.llama.args.PoolingType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * llama.cpp (through the de.kherud binding) as the reference engine for tests. Known limits of binding 4.2.0
 * (llama.cpp build 4916): it predates the qwen3 architecture, its per-token probabilities crash (n_probs), and it
 * streams text rather than ids. So ids are compared through the tokenizer ({@link #encode}), generations through
 * their bytes, and numerics through the final hidden state ({@link #lastHiddenState}).
 */
public final class LlamaCppOracle implements AutoCloseable {

    static {
        // Quiet: llama.cpp logs every tensor at load. Keep errors visible.
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
            if (level == LogLevel.ERROR) {
                System.err.print("llama.cpp: " + message);
            }
        });
    }

    private final LlamaModel model;

    private LlamaCppOracle(LlamaModel model) {
        this.model = model;
    }

    /** Loads {@code path} for generation (2 threads, fp16 KV cache, no GPU). */
    public static LlamaCppOracle forGeneration(Path path, int contextSize) {
        return new LlamaCppOracle(new LlamaModel(new ModelParameters()
                .setModel(path.toString())
                .setThreads(2)
                .setCtxSize(contextSize)
                .setGpuLayers(0)
                .disableLog()));
    }

    /** Loads {@code path} in embedding mode: {@link #lastHiddenState} returns the normalized final hidden state. */
    public static LlamaCppOracle forHiddenStates(Path path, int contextSize) {
        return new LlamaCppOracle(new LlamaModel(new ModelParameters()
                .setModel(path.toString())
                .setThreads(2)
                .setCtxSize(contextSize)
                .setGpuLayers(0)
                .enableEmbedding()
                .setPoolingType(PoolingType.LAST)
                .disableLog()));
    }

    /** Token ids of {@code text}: special tokens parsed, no BOS added. */
    public int[] encode(String text) {
        return model.encode(text);
    }

    public byte[] decode(int[] tokens) {
        return OracleAccess.decodeBytes(model, tokens);
    }

    /** The text of a greedy continuation of {@code prompt} (ids) for {@code tokens} tokens, end-of-text ignored. */
    public String greedy(int[] prompt, int tokens) {
        InferenceParameters p = new InferenceParameters("")
                .setNPredict(tokens)
                .setTemperature(0f)
                .setRepeatPenalty(1f)
                .setIgnoreEos(true)
                .setCachePrompt(false)
                .setSeed(1);
        OracleAccess.putRawJson(p, "prompt",
                Arrays.stream(prompt).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]")));
        StringBuilder text = new StringBuilder();
        for (LlamaOutput o : model.generate(p)) {
            text.append(o.text);
        }
        return text.toString();
    }

    /**
     * The final hidden state (after the output norm) of the last token of {@code text}, L2-normalized, as llama.cpp
     * computes it for embeddings with last-token pooling. The prompt is tokenized as {@link #encode} does, plus BOS
     * when the vocabulary asks for it.
     */
    public float[] lastHiddenState(String text) {
        return model.embed(text);
    }

    /**
     * The text the binding streams for a generation whose tokens render as {@code pieces} (control tokens render as
     * nothing, as llama.cpp's server does without {@code special}). The server appends each piece to the generated
     * text and sends everything unsent only when the text does not end in an incomplete UTF-8 sequence (its
     * {@code validate_utf8} looks at the last four bytes); what is still held back when generation ends is never
     * sent. The binding decodes each sent chunk on its own, invalid bytes becoming U+FFFD.
     */
    public static String streamedText(List<byte[]> pieces) {
        ByteArrayOutputStream generated = new ByteArrayOutputStream();
        StringBuilder text = new StringBuilder();
        int sent = 0;
        for (byte[] piece : pieces) {
            generated.writeBytes(piece);
            byte[] all = generated.toByteArray();
            if (validUtf8Prefix(all) < all.length) {
                continue;
            }
            text.append(new String(all, sent, all.length - sent, StandardCharsets.UTF_8));
            sent = all.length;
        }
        return text.toString();
    }

    /** llama.cpp's {@code validate_utf8}: the length without a trailing incomplete multi-byte sequence. */
    static int validUtf8Prefix(byte[] bytes) {
        int len = bytes.length;
        for (int back = 1; back <= Math.min(4, len); back++) {
            int c = bytes[len - back] & 0xFF;
            if ((c & 0xE0) == 0xC0 && back < 2 || (c & 0xF0) == 0xE0 && back < 3 || (c & 0xF8) == 0xF0 && back < 4) {
                return len - back;
            }
        }
        return len;
    }

    @Override
    public void close() {
        model.close();
    }
}
