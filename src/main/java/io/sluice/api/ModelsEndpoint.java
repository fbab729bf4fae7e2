package io.sluice.api;

import io.sluice.api.openai.ModelWire;
import io.sluice.engine.spi.ModelRegistry;
import io.sluice.pipeline.ModelNotFoundException;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}: cheap reads of the registry, answered on the event loop. */
final class ModelsEndpoint {

    private final ModelRegistry registry;

    ModelsEndpoint(ModelRegistry registry) {
        this.registry = registry;
    }

    void list(RoutingContext ctx) {
        JsonReplies.json(ctx.response(), 200, ModelWire.ModelList.of(registry.models()));
    }

    void one(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        registry.models().stream()
                .filter(card -> card.id().equals(id))
                .findFirst()
                .ifPresentOrElse(card -> JsonReplies.json(ctx.response(), 200, ModelWire.Model.of(card)),
                        () -> JsonReplies.error(ctx.response(), ErrorTable.classify(new ModelNotFoundException(id))));
    }
}
