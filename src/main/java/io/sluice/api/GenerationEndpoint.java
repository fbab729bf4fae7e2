package io.sluice.api;

import io.sluice.api.openai.ChatDialect;
import io.sluice.api.openai.Dialect;
import io.sluice.api.openai.Fingerprints;
import io.sluice.api.openai.ParsedRequest;
import io.sluice.api.openai.ResponseMeta;
import io.sluice.api.openai.TextDialect;
import io.sluice.api.sse.SseStream;
import io.sluice.observability.RequestTrace;
import io.sluice.pipeline.Admission;
import io.sluice.pipeline.GenerationRequest;
import io.sluice.pipeline.GenerationService;
import io.sluice.pipeline.RateLimitedException;
import io.sluice.pipeline.RateLimiter;
import io.sluice.pipeline.Ticket;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;
import java.util.function.Function;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}: parse and tokenize on a worker, take the
 * prompt from the key's token budget, ask {@link Admission} for a place, then stream or collect on the event loop.
 * Every status decision (bad field, unknown model, context too long, over a limit, queue full) is made before the
 * first byte of the answer; a stream's headers go out once the request is admitted, even if it then waits.
 */
final class GenerationEndpoint implements Handler<RoutingContext> {

    /** Which of the two APIs this endpoint serves. */
    enum Kind { CHAT, TEXT }

    private record Prepared(ParsedRequest parsed, GenerationRequest request) {
    }

    /** What the endpoint works with, beyond its own kind and parser. */
    record Services(GenerationService service, Admission admission, RateLimiter limiter, Fingerprints fingerprints,
                    StreamResponder.Pacing pacing) {
    }

    private final Kind kind;
    private final Function<byte[], ParsedRequest> parser;
    private final Services services;

    GenerationEndpoint(Kind kind, Function<byte[], ParsedRequest> parser, Services services) {
        this.kind = kind;
        this.parser = parser;
        this.services = services;
    }

    @Override
    public void handle(RoutingContext ctx) {
        byte[] body = bytes(ctx);
        Exchange exchange = Exchange.of(ctx);
        Context context = ctx.vertx().getOrCreateContext();
        HttpServerResponse response = ctx.response();
        ctx.vertx().executeBlocking(() -> {
            ParsedRequest parsed = parser.apply(body);
            return new Prepared(parsed, services.service().prepare(parsed.order()));
        }, false).onComplete(prepared -> {
            if (response.closed()) {
                return; // the client left while we tokenized; nothing was started
            }
            if (prepared.failed()) {
                JsonReplies.error(response, ErrorTable.classify(prepared.cause()));
                return;
            }
            admit(context, exchange, response, prepared.result());
        });
    }

    private void admit(Context context, Exchange exchange, HttpServerResponse response, Prepared prepared) {
        GenerationRequest request = prepared.request();
        RequestTrace trace = exchange.trace();
        trace.prepared(request.model().id(), request.promptTokens().length);
        if (exchange.keyId() != null && services.limiter().limited()) {
            try {
                RateLimitHeaders.put(response, services.limiter().takePrompt(exchange.keyId(),
                        request.promptTokens().length));
            } catch (RateLimitedException e) {
                JsonReplies.error(response, ErrorTable.classify(e));
                return;
            }
        }
        services.admission().submit(request, trace).whenComplete((ticket, failure) -> context.runOnContext(x -> {
            if (failure != null) {
                if (exchange.keyId() != null) {
                    // refused before it cost anything: the prompt goes back to the key's budget
                    services.limiter().refund(exchange.keyId(), request.promptTokens().length);
                }
                JsonReplies.error(response, ErrorTable.classify(failure));
            } else if (response.closed()) {
                ticket.close(); // gone while we waited for the answer: give the place back
            } else {
                try {
                    answer(context, exchange, response, prepared, ticket);
                } catch (RuntimeException e) {
                    ticket.close(); // never started: the place must not leak
                    JsonReplies.error(response, ErrorTable.classify(e));
                }
            }
        }));
    }

    private void answer(Context context, Exchange exchange, HttpServerResponse response, Prepared prepared,
                        Ticket ticket) {
        ParsedRequest parsed = prepared.parsed();
        GenerationRequest request = prepared.request();
        String id = (kind == Kind.CHAT ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
        ResponseMeta meta = new ResponseMeta(id, System.currentTimeMillis() / 1000, request.model().id(),
                services.fingerprints().of(request.model()), request.n(), parsed.includeUsage(),
                parsed.returnTokenIds(), request.promptTokens());
        Dialect dialect = kind == Kind.CHAT ? new ChatDialect(meta) : new TextDialect(meta);
        if (parsed.stream()) {
            new StreamResponder(context, new SseStream(response, exchange.connection()), dialect, parsed.includeUsage(), exchange,
                    services.pacing()).start(ticket.events());
        } else {
            new UnaryResponder(context, response, dialect, request.n(), exchange).start(ticket.events());
        }
    }

    static byte[] bytes(RoutingContext ctx) {
        Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
        return buffer == null ? new byte[0] : buffer.getBytes();
    }
}
