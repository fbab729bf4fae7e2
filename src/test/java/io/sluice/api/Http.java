package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain HTTP/1.1 client for the API-layer tests: exact bodies, and SSE split into frames. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /** POSTs {@code body} with {@code Accept: application/json}, as the OpenAI SDKs do even for streams. */
    static HttpResponse<String> post(URI base, String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static HttpResponse<String> get(URI base, String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The payloads of an SSE body, checking that every event is exactly {@code data: <payload>\n\n}. */
    static List<String> frames(String body) {
        if (!body.endsWith("\n\n")) {
            throw new AssertionError("an SSE body must end with a blank line: " + body);
        }
        List<String> payloads = new ArrayList<>();
        for (String event : body.substring(0, body.length() - 2).split("\n\n", -1)) {
            if (!event.startsWith("data: ") || event.contains("\n")) {
                throw new AssertionError("not a single data line: [" + event + "]");
            }
            payloads.add(event.substring("data: ".length()));
        }
        return payloads;
    }

    /** The JSON chunks of an SSE body, without the final {@code [DONE]}. */
    static List<JsonNode> chunks(String body) {
        List<String> frames = frames(body);
        if (!frames.getLast().equals("[DONE]")) {
            throw new AssertionError("the stream must end with [DONE]: " + body);
        }
        return frames.subList(0, frames.size() - 1).stream().map(Http::json).toList();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON string literal, escaped as Jackson escapes (non-ASCII stays raw UTF-8). */
    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
