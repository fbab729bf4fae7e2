package io.sluice.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only answers the chat page must cope with, chosen by the API key the page sends, in front of the real routes
 * (every other key, or none, passes through to them). On only when {@value #ENABLED} is true (set by
 * {@link ChatPageProfile}), so no other test sees it.
 *
 * <ul>
 *   <li>{@value #KEY_UNAUTHORIZED}: 401 on every {@code /v1/} route, as a server with API keys answers a wrong
 *       one.</li>
 *   <li>{@value #KEY_BUSY}: 429 with {@code Retry-After: }{@value #RETRY_AFTER_SECONDS} on chat completions, as
 *       admission answers when a key's limit is reached.</li>
 *   <li>{@value #KEY_SCRIPTED}: a scripted 200 stream of reasoning, HTML-looking text, a code block and a
 *       mid-stream error frame with no {@code [DONE]}, cut into small pieces that split lines, CRLFs and UTF-8
 *       characters, with {@code : keep-alive} comments between them.</li>
 * </ul>
 *
 * <p>Stands in for issue 4 (API keys and admission), which is not merged yet: once it is, the 401 and 429 cases
 * should come from the real mechanisms (a configured key list; a per-key concurrency limit of one) and only the
 * scripted stream stays here.
 */
@ApplicationScoped
public class ForcedReplies {

    static final String ENABLED = "sluice.test.forced-replies";
    static final String KEY_UNAUTHORIZED = "sk-test-unauthorized";
    static final String KEY_BUSY = "sk-test-busy";
    static final String KEY_SCRIPTED = "sk-test-scripted";
    static final int RETRY_AFTER_SECONDS = 7;

    /** What the scripted stream says, for the test's assertions. */
    static final String SCRIPT_REASONING = "The user wants a loop. I should show Python.";
    static final String SCRIPT_INJECTION = "<img src=x onerror=\"document.title='pwned'\"><b>not bold</b>";
    static final String SCRIPT_CODE = "for i in range(3):\n    print(\"<i>\", i)";
    static final String SCRIPT_TAIL = "Café 🎉 and then";
    static final String SCRIPT_ERROR = "The engine dropped the sequence (scripted)";

    private final boolean enabled;

    ForcedReplies(@ConfigProperty(name = ENABLED, defaultValue = "false") boolean enabled) {
        this.enabled = enabled;
    }

    void register(@Observes Router router) {
        if (!enabled) {
            return;
        }
        router.route("/v1/*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 10).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String auth = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String key = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : "";
        boolean chat = ctx.request().method() == HttpMethod.POST
                && ctx.request().path().equals("/v1/chat/completions");
        if (key.equals(KEY_UNAUTHORIZED)) {
            error(ctx.response(), 401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
        } else if (key.equals(KEY_BUSY) && chat) {
            ctx.response().putHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            error(ctx.response(), 429, "Too many requests in flight for this API key.", "rate_limit_error",
                    "rate_limit_exceeded");
        } else if (key.equals(KEY_SCRIPTED) && chat) {
            scripted(ctx);
        } else {
            ctx.next();
        }
    }

    private static void error(HttpServerResponse response, int status, String message, String type, String code) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,"
                        + "\"code\":\"" + code + "\"}}");
    }

    private static void scripted(RoutingContext ctx) {
        List<String> events = new ArrayList<>();
        events.add(": keep-alive\n\n");
        events.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}"));
        for (String word : SCRIPT_REASONING.split("(?<= )")) {
            events.add(chunk("{\"reasoning_content\":" + json(word) + "}"));
        }
        events.add(": keep-alive\r\n\r\n");
        String content = "Here is " + SCRIPT_INJECTION + " as text.\n\n```python\n" + SCRIPT_CODE + "\n```\n\n"
                + SCRIPT_TAIL;
        for (String piece : content.split("(?<=[ \n])")) {
            events.add(chunk("{\"content\":" + json(piece) + "}").replace("\n\n", "\r\n\r\n"));
        }
        events.add("data: {\"error\":{\"message\":\"" + SCRIPT_ERROR + "\",\"type\":\"server_error\","
                + "\"param\":null,\"code\":\"service_unavailable\"}}\n\n");
        byte[] bytes = String.join("", events).getBytes(StandardCharsets.UTF_8);

        HttpServerResponse response = ctx.response().setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        writePieces(ctx, response, bytes, 0);
    }

    /** Eleven bytes at a time, a few milliseconds apart, so the browser reads the stream in many small pieces. */
    private static void writePieces(RoutingContext ctx, HttpServerResponse response, byte[] bytes, int from) {
        if (response.closed()) {
            return;
        }
        if (from >= bytes.length) {
            response.end();
            return;
        }
        int to = Math.min(bytes.length, from + 11);
        response.write(Buffer.buffer().appendBytes(bytes, from, to - from));
        ctx.vertx().setTimer(1, ignored -> writePieces(ctx, response, bytes, to));
    }

    private static String chunk(String delta) {
        return "data: {\"id\":\"chatcmpl-scripted\",\"object\":\"chat.completion.chunk\",\"created\":1764400000,"
                + "\"model\":\"tiny-chat\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n";
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
