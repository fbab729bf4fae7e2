package io.sluice.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CORS for the API routes, from {@code sluice.cors.origins}. A preflight is answered here and goes no further, so it
 * never reaches the parser or the engine. A cross-origin request from an origin not on the list is refused (403)
 * before it does any work: browsers send such requests (form posts need no preflight) even though they would hide
 * the answer, and a generation costs the server whether or not anyone reads it. Same-origin pages (the bundled chat
 * page) need no entry.
 */
final class Cors {

    private static final String EXPOSED = String.join(", ", "Retry-After", RequestIds.HEADER,
            "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests",
            "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens");
    private static final String METHODS = "GET, POST, OPTIONS";
    private static final String MAX_AGE = "600";

    private final Set<String> origins;
    private final boolean any;

    Cors(List<String> origins) {
        this.any = origins.contains("*");
        this.origins = Set.copyOf(origins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList());
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            ctx.next();
            return;
        }
        boolean allowed = any || origins.contains(origin.toLowerCase(Locale.ROOT));
        boolean preflight = request.method() == HttpMethod.OPTIONS
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
        response.putHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        if (preflight) {
            if (!allowed) {
                JsonReplies.error(response, originNotAllowed());
                return;
            }
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, MAX_AGE);
            String asked = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
            if (asked != null) {
                // The OpenAI browser SDK sends a dozen x-stainless-* headers; echoing is what lets it work.
                response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, asked);
            }
            response.setStatusCode(204).end();
            return;
        }
        if (allowed) {
            response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                    .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
            ctx.next();
        } else if (sameOrigin(origin, request)) {
            ctx.next();
        } else {
            JsonReplies.error(response, originNotAllowed());
        }
    }

    /** The page's origin is this server, as the client addressed it (directly or through a proxy). */
    private static boolean sameOrigin(String origin, HttpServerRequest request) {
        String authority;
        try {
            authority = URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            return false; // "null" (sandboxed frames) and garbage are never same-origin
        }
        if (authority == null) {
            return false;
        }
        String forwarded = request.getHeader("X-Forwarded-Host");
        String host = forwarded != null ? forwarded.split(",")[0].trim() : request.getHeader(HttpHeaders.HOST);
        return host != null && authority.equalsIgnoreCase(host);
    }

    private static ApiError originNotAllowed() {
        return new ApiError(ErrorKind.ORIGIN_NOT_ALLOWED, "This origin may not call the API (see sluice.cors.origins).",
                null);
    }
}
