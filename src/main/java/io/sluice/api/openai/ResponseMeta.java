package io.sluice.api.openai;

/**
 * What every chunk of one response repeats, and how the client asked the response to be written.
 *
 * @param id                {@code chatcmpl-…} or {@code cmpl-…}, the same on every chunk
 * @param created           epoch seconds, the same on every chunk
 * @param model             the model id as served
 * @param systemFingerprint identifies the build and model that answered (see {@link Fingerprints})
 * @param n                 number of choices
 * @param includeUsage      {@code "usage":null} on every chunk and a usage chunk last
 * @param returnTokenIds    show prompt and completion token ids (vLLM)
 * @param promptTokenIds    the prompt's ids, shown once when {@code returnTokenIds}
 */
public record ResponseMeta(String id, long created, String model, String systemFingerprint, int n,
                           boolean includeUsage, boolean returnTokenIds, int[] promptTokenIds) {
}
