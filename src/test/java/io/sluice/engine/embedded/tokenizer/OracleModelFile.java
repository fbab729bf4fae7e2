package io.sluice.engine.embedded.tokenizer;

import io.sluice.engine.embedded.gguf.GgmlType;
import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.gguf.GgufWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * The smallest model file llama.cpp will load around a vocabulary: a one-layer llama with all-zero F32 weights.
 * llama.cpp cannot load a tokenizer on its own, and the oracle tests only tokenize, so the weights never matter.
 */
final class OracleModelFile {

    private static final int EMBED = 32;
    private static final int FF = 64;
    private static final int HEADS = 2;

    private OracleModelFile() {
    }

    static void write(Path out, Map<String, GgufValue> tokenizerMetadata) {
        int vocab = ((String[]) tokenizerMetadata.get(TokenizerKeys.TOKENS).value()).length;
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "llama");
        w.putString("general.name", "sluice-tokenizer-oracle");
        w.putUInt32("llama.context_length", 512);
        w.putUInt32("llama.embedding_length", EMBED);
        w.putUInt32("llama.block_count", 1);
        w.putUInt32("llama.feed_forward_length", FF);
        w.putUInt32("llama.attention.head_count", HEADS);
        w.putUInt32("llama.attention.head_count_kv", HEADS);
        w.putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        w.putUInt32("llama.rope.dimension_count", EMBED / HEADS);
        tokenizerMetadata.forEach(w::put);
        tensor(w, "token_embd.weight", EMBED, vocab);
        tensor(w, "output_norm.weight", EMBED);
        tensor(w, "output.weight", EMBED, vocab);
        tensor(w, "blk.0.attn_norm.weight", EMBED);
        tensor(w, "blk.0.attn_q.weight", EMBED, EMBED);
        tensor(w, "blk.0.attn_k.weight", EMBED, EMBED);
        tensor(w, "blk.0.attn_v.weight", EMBED, EMBED);
        tensor(w, "blk.0.attn_output.weight", EMBED, EMBED);
        tensor(w, "blk.0.ffn_norm.weight", EMBED);
        tensor(w, "blk.0.ffn_gate.weight", EMBED, FF);
        tensor(w, "blk.0.ffn_up.weight", EMBED, FF);
        tensor(w, "blk.0.ffn_down.weight", FF, EMBED);
        w.write(out);
    }

    private static void tensor(GgufWriter w, String name, long... dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        w.addTensor(name, GgmlType.F32, dims, new byte[Math.toIntExact(GgmlType.F32.bytesFor(n))]);
    }
}
