package io.sluice.pipeline;

/** No served model has the id the client sent (or no model is served at all). */
public final class ModelNotFoundException extends RequestRejectedException {

    public ModelNotFoundException(String model) {
        super("model", model == null
                ? "No model is loaded on this server."
                : "The model `" + model + "` does not exist.");
    }
}
