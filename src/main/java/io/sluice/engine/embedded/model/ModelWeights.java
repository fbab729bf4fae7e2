package io.sluice.engine.embedded.model;

import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufFile;
import io.sluice.engine.embedded.gguf.GgufFormatException;
import io.sluice.engine.embedded.gguf.GgufTensorInfo;
import io.sluice.engine.embedded.kernels.KernelPool;
import io.sluice.engine.embedded.kernels.WeightMatrices;
import io.sluice.engine.embedded.kernels.WeightMatrix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * All weights of a model, copied out of the GGUF file into memory the JVM owns. Every tensor's shape is checked
 * against the {@link ModelConfig}; a wrong or missing tensor fails with its name.
 *
 * @param tokenEmbedding [vocab x dim], looked up row by row
 * @param outputNorm     [dim]
 * @param output         [vocab x dim]; the same object as {@code tokenEmbedding} when the embeddings are tied
 * @param ropeFactors    per-frequency divisors ({@code rope_freqs.weight}, Llama 3.1), or null
 */
public record ModelWeights(WeightMatrix tokenEmbedding, float[] outputNorm, WeightMatrix output, float[] ropeFactors,
                           List<LayerWeights> layers) {

    public long residentBytes() {
        long n = tokenEmbedding.residentBytes() + 4L * outputNorm.length
                + (output == tokenEmbedding ? 0 : output.residentBytes())
                + (ropeFactors == null ? 0 : 4L * ropeFactors.length);
        for (LayerWeights l : layers) {
            n += l.residentBytes();
        }
        return n;
    }

    /** The weight types of the matrices, for warming up their kernels. */
    public java.util.Set<GgmlType> matrixTypes() {
        java.util.Set<GgmlType> types = java.util.EnumSet.of(tokenEmbedding.type(), output.type());
        for (LayerWeights l : layers) {
            for (WeightMatrix m : List.of(l.wq(), l.wk(), l.wv(), l.wo(), l.wGate(), l.wUp(), l.wDown())) {
                types.add(m.type());
            }
        }
        return types;
    }

    public static ModelWeights load(GgufFile file, ModelConfig c, KernelPool pool) {
        Loader in = new Loader(file, pool);
        WeightMatrix embedding = in.matrix("token_embd.weight", c.vocabSize(), c.dim());
        float[] outputNorm = in.vector("output_norm.weight", c.dim());
        WeightMatrix output = file.tensors().containsKey("output.weight")
                ? in.matrix("output.weight", c.vocabSize(), c.dim())
                : embedding;
        float[] ropeFactors = file.tensors().containsKey("rope_freqs.weight")
                ? in.vector("rope_freqs.weight", c.ropeDims() / 2)
                : null;
        List<LayerWeights> layers = new ArrayList<>(c.layers());
        for (int i = 0; i < c.layers(); i++) {
            String p = "blk." + i + ".";
            boolean biasRequired = c.qkvBias();
            layers.add(new LayerWeights(
                    in.vector(p + "attn_norm.weight", c.dim()),
                    in.matrix(p + "attn_q.weight", c.queryWidth(), c.dim()),
                    in.matrix(p + "attn_k.weight", c.kvWidth(), c.dim()),
                    in.matrix(p + "attn_v.weight", c.kvWidth(), c.dim()),
                    in.matrix(p + "attn_output.weight", c.dim(), c.queryWidth()),
                    in.optionalVector(p + "attn_q.bias", c.queryWidth(), biasRequired),
                    in.optionalVector(p + "attn_k.bias", c.kvWidth(), biasRequired),
                    in.optionalVector(p + "attn_v.bias", c.kvWidth(), biasRequired),
                    c.qkNorm() ? in.vector(p + "attn_q_norm.weight", c.headDim()) : null,
                    c.qkNorm() ? in.vector(p + "attn_k_norm.weight", c.headDim()) : null,
                    in.vector(p + "ffn_norm.weight", c.dim()),
                    in.matrix(p + "ffn_gate.weight", c.ffnDim(), c.dim()),
                    in.matrix(p + "ffn_up.weight", c.ffnDim(), c.dim()),
                    in.matrix(p + "ffn_down.weight", c.dim(), c.ffnDim())));
        }
        return new ModelWeights(embedding, outputNorm, output, ropeFactors, List.copyOf(layers));
    }

    /** Reads tensors with shape checks whose errors name the file and tensor. */
    private record Loader(GgufFile file, KernelPool pool) {

        GgufTensorInfo info(String name, long... dims) {
            GgufTensorInfo t = file.tensor(name);
            boolean ok = t.rank() == dims.length || (t.rank() > dims.length && trailingOnes(t, dims.length));
            for (int i = 0; ok && i < dims.length; i++) {
                ok = t.dim(i) == dims[i];
            }
            if (!ok) {
                throw new GgufFormatException(file.path() + ": tensor '" + name + "' has shape "
                        + java.util.Arrays.toString(t.dims()) + ", expected " + java.util.Arrays.toString(dims));
            }
            return t;
        }

        private static boolean trailingOnes(GgufTensorInfo t, int from) {
            for (int i = from; i < t.rank(); i++) {
                if (t.dim(i) != 1) {
                    return false;
                }
            }
            return true;
        }

        WeightMatrix matrix(String name, int rows, int cols) {
            return WeightMatrices.load(file, info(name, cols, rows), pool);
        }

        float[] vector(String name, int n) {
            GgufTensorInfo t = info(name, n);
            if (t.type() != GgmlType.F32 && t.type() != GgmlType.F16) {
                throw new GgufFormatException(file.path() + ": tensor '" + name + "' has type " + t.type()
                        + "; norms and biases must be F32 or F16");
            }
            ByteBuffer b = ByteBuffer.wrap(file.readAll(t)).order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = t.type() == GgmlType.F32 ? b.getFloat() : Float.float16ToFloat(b.getShort());
            }
            return v;
        }

        float[] optionalVector(String name, int n, boolean required) {
            return required || file.tensors().containsKey(name) ? vector(name, n) : null;
        }
    }
}
