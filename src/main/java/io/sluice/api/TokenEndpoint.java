package io.sluice.api;

import io.sluice.api.openai.TokenRequestParser;
import io.sluice.api.openai.TokenWire;
import io.sluice.engine.spi.GenerationEngine;
import io.sluice.pipeline.GenerationService;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.Callable;

/**
 * {@code POST /tokenize} and {@code POST /detokenize} (vLLM's and llama.cpp's shape), which frontends use to count
 * tokens. Both run the codec, so both run on a worker.
 */
final class TokenEndpoint {

    private final TokenRequestParser parser = new TokenRequestParser();
    private final GenerationService service;

    TokenEndpoint(GenerationService service) {
        this.service = service;
    }

    void tokenize(RoutingContext ctx) {
        byte[] body = GenerationEndpoint.bytes(ctx);
        onWorker(ctx, () -> {
            TokenRequestParser.Tokenize request = parser.tokenize(body);
            GenerationEngine engine = service.route(request.model());
            int[] tokens = service.tokenize(engine, request.prompt(), request.addGenerationPrompt());
            return new TokenWire.Tokenized(tokens, tokens.length, engine.card().contextLength());
        });
    }

    void detokenize(RoutingContext ctx) {
        byte[] body = GenerationEndpoint.bytes(ctx);
        onWorker(ctx, () -> {
            TokenRequestParser.Detokenize request = parser.detokenize(body);
            GenerationEngine engine = service.route(request.model());
            return new TokenWire.Detokenized(service.detokenize(engine, request.tokens(), "tokens"));
        });
    }

    private static void onWorker(RoutingContext ctx, Callable<Object> work) {
        HttpServerResponse response = ctx.response();
        ctx.vertx().executeBlocking(work, false).onComplete(result -> {
            if (result.succeeded()) {
                JsonReplies.json(response, 200, result.result());
            } else {
                JsonReplies.error(response, ErrorTable.classify(result.cause()));
            }
        });
    }
}
