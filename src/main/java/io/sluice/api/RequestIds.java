package io.sluice.api;

import io.vertx.ext.web.RoutingContext;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id and every response an {@code x-request-id} header. A client's own
 * {@code x-request-id} is kept when it is a plain token (so ids can be followed across proxies); anything else, a
 * newline above all, is replaced, because ids go into log lines.
 */
final class RequestIds {

    static final String HEADER = "x-request-id";
    private static final String KEY = "sluice.request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    /** The first handler of every route. */
    static void assign(RoutingContext ctx) {
        String offered = ctx.request().getHeader(HEADER);
        String id = offered != null && SAFE.matcher(offered).matches() ? offered : generate();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        ctx.next();
    }

    static String of(RoutingContext ctx) {
        String id = ctx.get(KEY);
        return id != null ? id : generate();
    }

    private static String generate() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
