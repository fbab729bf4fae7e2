package io.sluice.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
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
 * A test-only answer the engine cannot be made to give on demand: on chat completions sent with the API key
 * {@value #KEY_SCRIPTED}, a scripted 200 stream of reasoning, HTML-looking text, a code block and a mid-stream error
 * frame with no {@code [DONE]}, cut into small pieces that split lines, CRLFs and UTF-8 characters, with
 * {@code : keep-alive} comments between them. Every other request passes through to the real routes. On only when
 * {@value #ENABLED} is true (set by {@link ChatPageProfile}), so no other test sees it.
 *
 * <p>It sits behind the real API gate, so the scripted key must be one of the configured keys and the request is
 * checked and counted like any other. The 401 and 429 the page must cope with come from the real gate (a wrong key;
 * a spent per-key budget), not from here.
 */
@ApplicationScoped
public class ForcedReplies {

    static final String ENABLED = "sluice.test.forced-replies";
    static final String KEY_SCRIPTED = "sk-test-scripted";
    /** After the API gate ({@code ApiRoutes}' order for it is {@code ROUTE_ORDER_UPLOAD_LIMIT - 10}). */
    private static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 5;

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
        router.post("/v1/chat/completions").order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String auth = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String key = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : "";
        if (key.equals(KEY_SCRIPTED)) {
            scripted(ctx);
        } else {
            ctx.next();
        }
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
