package io.sluice.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.GuardProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the server logs at its default level (INFO) about requests: each is named by its id; prompt and completion
 * text never appear; and nothing a client sends can break a log line in two.
 */
@QuarkusTest
@TestProfile(GuardProfile.class)
class LoggingTest {

    private static final String SECRET = "SECRET-PROMPT-7f3a";

    @io.quarkus.test.common.http.TestHTTPResource("/")
    URI base;

    private HttpResponse<String> post(String body) {
        return Http.send(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + GuardProfile.FILE_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void requestsAreLoggedByIdWithoutTheirTextAndCannotForgeLines() throws Exception {
        try (LogCapture log = LogCapture.of("io.sluice")) {
            HttpResponse<String> ok = post("""
                    {"model":"%s","messages":[{"role":"user","content":"%s\\nINFO [forged] FORGED LINE"}],
                     "max_tokens":24,"ignore_eos":true,"user":"alice\\nFORGED"}""".formatted(GuardProfile.MODEL,
                    SECRET));
            assertEquals(200, ok.statusCode(), ok.body());
            String completion = Http.json(ok.body()).at("/choices/0/message/content").asText();
            HttpResponse<String> unknown = post("""
                    {"model":"no-such\\nFORGED model","messages":[{"role":"user","content":"%s"}]}"""
                    .formatted(SECRET));
            assertEquals(404, unknown.statusCode());
            HttpResponse<String> bad = post("""
                    {"model":"%s","messages":[{"role":"robot\\nFORGED","content":"%s"}]}"""
                    .formatted(GuardProfile.MODEL, SECRET));
            assertEquals(400, bad.statusCode());

            String id = ok.headers().firstValue("x-request-id").orElseThrow();
            long deadline = System.currentTimeMillis() + 5_000;
            while (log.lines().stream().noneMatch(l -> l.contains(id)) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            List<String> lines = log.lines();
            assertTrue(lines.stream().anyMatch(l -> l.contains("request " + id) && l.contains("status=200")),
                    "the request is logged by its id: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.contains(unknown.headers().firstValue("x-request-id")
                    .orElseThrow()) && l.contains("status=404")), lines.toString());
            for (String line : lines) {
                assertFalse(line.contains(SECRET), "prompt text in the log: " + line);
                assertFalse(completion.length() >= 8 && line.contains(completion), "completion text in the log: "
                        + line);
                assertFalse(line.contains("\n") || line.contains("\r"), "a log line broken in two: " + line);
            }
        }
    }
}
