package io.sluice.api;

import io.sluice.api.auth.ApiKeys;
import io.sluice.observability.RequestTrace;
import io.sluice.observability.ServingMetrics;
import io.sluice.pipeline.RateLimitedException;
import io.sluice.pipeline.RateLimiter;
import io.sluice.pipeline.ShuttingDownException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * The checks every API request passes before any work, cheapest first, each answered in OpenAI's error shape: the
 * server is not draining (503), the API key is valid (401, the same body whatever was wrong), and the key has a
 * request left this minute (429). Starts the request's {@link Exchange} (and, for generation requests, its trace), so
 * that even refused requests are counted and named in the log.
 */
final class ApiGate {

    private final Drain drain;
    private final ApiKeys keys;
    private final RateLimiter limiter;
    private final ServingMetrics metrics;

    ApiGate(Drain drain, ApiKeys keys, RateLimiter limiter, ServingMetrics metrics) {
        this.drain = drain;
        this.keys = keys;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        String endpoint = generationEndpoint(ctx);
        RequestTrace trace = endpoint == null ? null : metrics.trace(RequestIds.of(ctx), endpoint);
        Optional<String> key = keys.open() ? Optional.empty()
                : keys.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
        Exchange exchange = Exchange.begin(ctx, RequestIds.of(ctx), trace, key.orElse(null));
        drain.track(exchange);
        exchange.onEnd(() -> {
            drain.untrack(exchange);
            if (trace != null && exchange.keyId() != null) {
                limiter.charge(exchange.keyId(), trace.generatedTokens());
            }
        });

        if (drain.draining()) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            JsonReplies.error(response, ErrorTable.classify(new ShuttingDownException()));
            return;
        }
        if (!keys.open() && key.isEmpty()) {
            JsonReplies.error(response, ErrorTable.unauthorized());
            return;
        }
        if (trace != null && key.isPresent() && limiter.limited()) {
            try {
                RateLimitHeaders.put(response, limiter.startRequest(key.get()));
            } catch (RateLimitedException e) {
                JsonReplies.error(response, ErrorTable.classify(e));
                return;
            }
        }
        ctx.next();
    }

    /** The metric/log name of a generation route, or null for the API's other routes. */
    private static String generationEndpoint(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.POST) {
            return null;
        }
        return switch (ctx.normalizedPath()) {
            case "/v1/chat/completions" -> "chat";
            case "/v1/completions" -> "completions";
            default -> null;
        };
    }
}
