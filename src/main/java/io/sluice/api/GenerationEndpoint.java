package io.sluice.api;

import io.sluice.api.openai.ChatDialect;
import io.sluice.api.openai.Dialect;
import io.sluice.api.openai.Fingerprints;
import io.sluice.api.openai.ParsedRequest;
import io.sluice.api.openai.ResponseMeta;
import io.sluice.api.openai.TextDialect;
import io.sluice.api.sse.SseStream;
import io.sluice.pipeline.GenerationRequest;
import io.sluice.pipeline.GenerationService;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.function.Function;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}: parse and tokenize on a worker, answer errors
 * found there with a status, then stream or collect on the event loop. Every status decision (bad field, unknown
 * model, context too long) is made before the first byte of the answer.
 */
final class GenerationEndpoint implements Handler<RoutingContext> {

    /** Which of the two APIs this endpoint serves. */
    enum Kind { CHAT, TEXT }

    private record Prepared(ParsedRequest parsed, GenerationRequest request) {
    }

    private final Kind kind;
    private final Function<byte[], ParsedRequest> parser;
    private final GenerationService service;
    private final Fingerprints fingerprints;

    GenerationEndpoint(Kind kind, Function<byte[], ParsedRequest> parser, GenerationService service,
                       Fingerprints fingerprints) {
        this.kind = kind;
        this.parser = parser;
        this.service = service;
        this.fingerprints = fingerprints;
    }

    @Override
    public void handle(RoutingContext ctx) {
        byte[] body = bytes(ctx);
        Context context = ctx.vertx().getOrCreateContext();
        HttpServerResponse response = ctx.response();
        ctx.vertx().executeBlocking(() -> {
            ParsedRequest parsed = parser.apply(body);
            return new Prepared(parsed, service.prepare(parsed.order()));
        }, false).onComplete(prepared -> {
            if (response.closed()) {
                return; // the client left while we tokenized; nothing was started
            }
            if (prepared.failed()) {
                JsonReplies.error(response, ErrorTable.classify(prepared.cause()));
                return;
            }
            answer(context, response, prepared.result());
        });
    }

    private void answer(Context context, HttpServerResponse response, Prepared prepared) {
        ParsedRequest parsed = prepared.parsed();
        GenerationRequest request = prepared.request();
        String id = (kind == Kind.CHAT ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        ResponseMeta meta = new ResponseMeta(id, System.currentTimeMillis() / 1000, request.model().id(),
                fingerprints.of(request.model()), request.n(), parsed.includeUsage(), parsed.returnTokenIds(),
                request.promptTokens());
        Dialect dialect = kind == Kind.CHAT ? new ChatDialect(meta) : new TextDialect(meta);
        if (parsed.stream()) {
            new StreamResponder(context, new SseStream(response), dialect, parsed.includeUsage())
                    .start(service.stream(request));
        } else {
            new UnaryResponder(context, response, dialect, request.n()).start(service.stream(request));
        }
    }

    static byte[] bytes(RoutingContext ctx) {
        Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }
}
