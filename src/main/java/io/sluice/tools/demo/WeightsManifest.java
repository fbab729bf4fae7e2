package io.sluice.tools.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trained weights as {@code src/training/train.py} exports them: {@code manifest.json} (hyper-parameters and a
 * tensor list) next to one little-endian float32 file per tensor, row-major in PyTorch's {@code [out, in]} order and
 * named as in the GGUF file.
 */
record WeightsManifest(String architecture, int contextLength, int embeddingLength, int blockCount,
                       int feedForwardLength, int headCount, int headCountKv, int headDim, float ropeFreqBase,
                       float rmsEps, int vocabSize, JsonNode training, List<Tensor> tensors) {

    static final String FORMAT = "sluice-demo-weights/1";

    /** One tensor: {@code shape} in PyTorch order, values read from {@code file}. */
    record Tensor(String name, long[] shape, Path file) {

        long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** GGUF dims: fastest-varying first, the reverse of PyTorch's shape. */
        long[] ggufDims() {
            long[] dims = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                dims[i] = shape[shape.length - 1 - i];
            }
            return dims;
        }

        float[] read() {
            try {
                byte[] bytes = Files.readAllBytes(file);
                if (bytes.length != elements() * Float.BYTES) {
                    throw new IllegalArgumentException(file + " holds " + bytes.length + " bytes; tensor " + name
                            + " of shape " + java.util.Arrays.toString(shape) + " needs " + elements() * 4);
                }
                float[] values = new float[bytes.length / Float.BYTES];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                return values;
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + file + " failed", e);
            }
        }
    }

    static WeightsManifest read(Path dir) {
        Path file = dir.resolve("manifest.json");
        JsonNode m;
        try {
            m = ChatCorpus.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
        if (!FORMAT.equals(m.path("format").asText())) {
            throw new IllegalArgumentException(file + ": format is '" + m.path("format").asText() + "', expected '"
                    + FORMAT + "'");
        }
        if (!m.path("tied_embeddings").asBoolean(false)) {
            throw new IllegalArgumentException(file + ": only tied embeddings are supported");
        }
        List<Tensor> tensors = new ArrayList<>();
        for (JsonNode t : m.get("tensors")) {
            JsonNode s = t.get("shape");
            long[] shape = new long[s.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).asLong();
            }
            tensors.add(new Tensor(t.get("name").asText(), shape, dir.resolve(t.get("file").asText())));
        }
        return new WeightsManifest(required(m, "architecture").asText(), required(m, "context_length").asInt(),
                required(m, "embedding_length").asInt(), required(m, "block_count").asInt(),
                required(m, "feed_forward_length").asInt(), required(m, "head_count").asInt(),
                required(m, "head_count_kv").asInt(), required(m, "head_dim").asInt(),
                (float) required(m, "rope_freq_base").asDouble(), (float) required(m, "rms_eps").asDouble(),
                required(m, "vocab_size").asInt(), m.path("training"), List.copyOf(tensors));
    }

    private static JsonNode required(JsonNode m, String key) {
        JsonNode v = m.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("manifest.json lacks '" + key + "'");
        }
        return v;
    }
}
