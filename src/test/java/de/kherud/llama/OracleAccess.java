package de.kherud.llama;

/**
 * Reaches the package-private parts of the llama.cpp binding that the oracle tests need: a prompt given as token ids
 * (so both engines start from exactly the same tokens) and raw bytes of decoded tokens.
 */
public final class OracleAccess {

    private OracleAccess() {
    }

    /** Sets a parameter to raw JSON, e.g. {@code "prompt"} to {@code [1, 2, 3]}. */
    public static void putRawJson(InferenceParameters parameters, String key, String json) {
        parameters.parameters.put(key, json);
    }

    /** The bytes llama.cpp produces for these tokens. */
    public static byte[] decodeBytes(LlamaModel model, int[] tokens) {
        return model.decodeBytes(tokens);
    }
}
