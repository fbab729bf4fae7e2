package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.DefaultModelProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With no configuration the server serves the bundled demo model, and it answers in words. */
@QuarkusTest
@TestProfile(DefaultModelProfile.class)
class DefaultModelApiTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void theBundledModelIsListedAndStreamsAReply() throws Exception {
        JsonNode models = Http.json(Http.get(base, "/v1/models").body());
        assertEquals("sluice-demo", models.at("/data/0/id").asText());

        HttpResponse<String> response = Http.post(base, "/v1/chat/completions", """
                {"model":"sluice-demo","stream":true,"max_tokens":64,"temperature":0,
                 "messages":[{"role":"user","content":"What is the capital of Texas?"}]}""");
        assertEquals(200, response.statusCode(), response.body());
        List<String> frames = Http.frames(response.body());
        assertEquals("[DONE]", frames.getLast());
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (String frame : frames.subList(0, frames.size() - 1)) {
            JsonNode chunk = Http.json(frame);
            JsonNode content = chunk.at("/choices/0/delta/content");
            if (content.isTextual()) {
                text.append(content.asText());
            }
            JsonNode reason = chunk.at("/choices/0/finish_reason");
            if (reason.isTextual()) {
                finish = reason.asText();
            }
        }
        assertTrue("stop".equals(finish) || "length".equals(finish), "finish " + finish);
        String reply = text.toString();
        assertFalse(reply.isBlank());
        // Valid UTF-8 end to end: the bytes decode strictly.
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
        assertTrue(reply.contains("Austin"), "the demo model knows Texas's capital: " + reply);
    }
}
