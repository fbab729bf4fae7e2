package io.sluice.api;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.sluice.api.openai.ChatRequestParser;
import io.sluice.api.openai.CompletionRequestParser;
import io.sluice.api.openai.Fingerprints;
import io.sluice.api.openai.RequestLimits;
import io.sluice.api.auth.ApiKeys;
import io.sluice.config.ApiConfig;
import io.sluice.config.CorsConfig;
import io.sluice.config.StreamConfig;
import io.sluice.engine.spi.ModelRegistry;
import io.sluice.observability.ServingMetrics;
import io.sluice.pipeline.Admission;
import io.sluice.pipeline.GenerationService;
import io.sluice.pipeline.RateLimiter;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Puts the API's routes on Quarkus's Vert.x router at start-up. Every request first gets its id; API requests then
 * pass CORS, then the gate (drain, key, request budget), then the body-size check, and only then are read.
 */
@ApplicationScoped
public class ApiRoutes {

    /** The API's paths; health ({@code /q/health}), metrics and the chat page stay open. */
    private static final List<String> API_PATHS = List.of("/v1/*", "/tokenize", "/detokenize");
    private static final int ORDER_REQUEST_ID = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 30;
    private static final int ORDER_CORS = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 20;
    private static final int ORDER_GATE = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 10;

    private final GenerationService service;
    private final ModelRegistry registry;
    private final ApiConfig config;
    private final String version;
    private final Admission admission;
    private final RateLimiter limiter;
    private final ApiKeys keys;
    private final Drain drain;
    private final ServingMetrics metrics;
    private final StreamConfig streamConfig;
    private final CorsConfig corsConfig;

    public ApiRoutes(GenerationService service, ModelRegistry registry, ApiConfig config,
                     @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
                     Admission admission, RateLimiter limiter, ApiKeys keys, Drain drain, ServingMetrics metrics,
                     StreamConfig streamConfig, CorsConfig corsConfig) {
        this.service = service;
        this.registry = registry;
        this.config = config;
        this.version = version;
        this.admission = admission;
        this.limiter = limiter;
        this.keys = keys;
        this.drain = drain;
        this.metrics = metrics;
        this.streamConfig = streamConfig;
        this.corsConfig = corsConfig;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER_REQUEST_ID).handler(RequestIds::assign);
        Cors cors = new Cors(corsConfig.origins().orElse(List.of()));
        ApiGate gate = new ApiGate(drain, keys, limiter, metrics);
        for (String path : API_PATHS) {
            router.route(path).order(ORDER_CORS).handler(cors::handle);
            router.route(path).order(ORDER_GATE).handler(gate::handle);
        }

        RequestLimits limits = new RequestLimits(config.maxChoices(), RequestLimits.DEFAULT_MAX_STOPS,
                RequestLimits.DEFAULT_MAX_STOP_LENGTH);
        Fingerprints fingerprints = new Fingerprints(version);
        long maxBody = config.maxBodySize().asLongValue();
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBody);
        ChatRequestParser chat = new ChatRequestParser(limits);
        CompletionRequestParser text = new CompletionRequestParser(limits);
        GenerationEndpoint.Services services = new GenerationEndpoint.Services(service, admission, limiter,
                fingerprints, new StreamResponder.Pacing(streamConfig.heartbeat(), streamConfig.writeStallTimeout(),
                (int) Math.min(Integer.MAX_VALUE, streamConfig.writeBuffer().asLongValue())));
        ModelsEndpoint models = new ModelsEndpoint(registry);
        TokenEndpoint tokens = new TokenEndpoint(service);

        for (String path : List.of("/v1/chat/completions", "/v1/completions", "/tokenize", "/detokenize")) {
            router.post(path).order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                    .handler(ctx -> refuseLarge(ctx, maxBody));
        }
        post(router, body, "/v1/chat/completions",
                new GenerationEndpoint(GenerationEndpoint.Kind.CHAT, chat::parse, services));
        post(router, body, "/v1/completions",
                new GenerationEndpoint(GenerationEndpoint.Kind.TEXT, text::parse, services));
        post(router, body, "/tokenize", tokens::tokenize);
        post(router, body, "/detokenize", tokens::detokenize);
        router.get("/v1/models").handler(models::list).failureHandler(ApiRoutes::failure);
        router.getWithRegex("/v1/models/(?<id>.+)").handler(models::one).failureHandler(ApiRoutes::failure);
    }

    private static void post(Router router, BodyHandler body, String path, Handler<RoutingContext> handler) {
        router.post(path).handler(body).handler(handler).failureHandler(ApiRoutes::failure);
        router.route(path).handler(ctx -> {
            if (ctx.request().method() == HttpMethod.OPTIONS) {
                ctx.next(); // CORS preflights belong to whoever handles CORS
                return;
            }
            JsonReplies.error(ctx.response(), ErrorTable.forStatus(405));
        });
    }

    /**
     * Refuses a declared body over the limit before it is read, in OpenAI's error shape. Quarkus's own limit check
     * (the next route in order) would answer a bare 413 with no body; a chunked body without a length is caught by
     * the body handler instead. The unread body cannot be skipped safely, so the connection closes.
     */
    private static void refuseLarge(RoutingContext ctx, long maxBody) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1; // Vert.x's HTTP codec rejects malformed lengths before we get here
        }
        if (declared <= maxBody) {
            ctx.next();
            return;
        }
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        JsonReplies.error(ctx.response(), ErrorTable.forStatus(413))
                .onComplete(ignored -> ctx.request().connection().close());
    }

    /** Failures Vert.x reports for our routes (a body over the limit) get the same JSON as every other error. */
    private static void failure(RoutingContext ctx) {
        ApiError error = ctx.failure() != null
                ? ErrorTable.classify(ctx.failure())
                : ErrorTable.forStatus(ctx.statusCode());
        JsonReplies.error(ctx.response(), error);
    }
}
