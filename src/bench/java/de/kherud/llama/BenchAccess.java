package de.kherud.llama;

/**
 * Reaches the package-private part of the llama.cpp binding the benchmarks need: a prompt given as token ids, so
 * that llama.cpp and Sluice run exactly the same tokens.
 */
public final class BenchAccess {

    private BenchAccess() {
    }

    /** Sets a parameter to raw JSON, e.g. {@code "prompt"} to {@code [1, 2, 3]}. */
    public static void putRawJson(InferenceParameters parameters, String key, String json) {
        parameters.parameters.put(key, json);
    }

    /** Whether this is the binding's last output of a generation (which carries no new token when streaming). */
    public static boolean isStop(LlamaOutput output) {
        return output.stop;
    }
}
