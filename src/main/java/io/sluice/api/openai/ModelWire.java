package io.sluice.api.openai;

import io.sluice.engine.spi.ModelCard;

import java.util.List;

/** {@code GET /v1/models}: the OpenAI list, plus vLLM's {@code max_model_len} (the context length). */
public final class ModelWire {

    private ModelWire() {
    }

    public record ModelList(String object, List<Model> data) {
        public static ModelList of(List<ModelCard> cards) {
            return new ModelList("list", cards.stream().map(Model::of).toList());
        }
    }

    public record Model(String id, String object, long created, String ownedBy, int maxModelLen) {
        public static Model of(ModelCard card) {
            return new Model(card.id(), "model", card.created(), card.ownedBy(), card.contextLength());
        }
    }
}
