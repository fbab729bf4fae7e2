package io.sluice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.ServingProfile;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input, table-driven, against the real server: each violation is a 4xx in OpenAI's error shape, a 400 names the
 * field at fault in {@code param}, and no input at all (including random corruptions of a valid body) gets a 5xx.
 */
@QuarkusTest
@TestProfile(ServingProfile.class)
class BadInputTest extends ServingTestBase {

    private static final String CHAT = "/v1/chat/completions";
    private static final String TEXT = "/v1/completions";
    private static final String MSG = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    /** {@code param} is JSON null: the fault is the body as a whole. */
    private static final String NO_PARAM = "<null>";

    /** One bad request: where it goes, what it sends, and the status and {@code param} it must get. */
    private record Case(String path, byte[] body, int status, String param) {
        Case(String path, String body, int status, String param) {
            this(path, body.getBytes(StandardCharsets.UTF_8), status, param);
        }

        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return path + " " + (text.length() > 120 ? text.substring(0, 120) + "…" : text);
        }
    }

    /** A chat request with {@code fields} added to a valid body. */
    private static Case chat(String fields, String param) {
        return new Case(CHAT, "{" + MSG + ",\"max_tokens\":2," + fields + "}", 400, param);
    }

    private static Case text(String fields, String param) {
        return new Case(TEXT, "{\"prompt\":\"hi\",\"max_tokens\":2," + fields + "}", 400, param);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String ids(int count, int id) {
        StringJoiner joiner = new StringJoiner(",", "[", "]");
        for (int i = 0; i < count; i++) {
            joiner.add(Integer.toString(id));
        }
        return joiner.toString();
    }

    private static List<Case> cases() {
        List<Case> cases = new ArrayList<>(List.of(
                // The body as a whole
                new Case(CHAT, "", 400, NO_PARAM),
                new Case(CHAT, "{", 400, NO_PARAM),
                new Case(CHAT, "[]", 400, NO_PARAM),
                new Case(CHAT, "\"a string\"", 400, NO_PARAM),
                new Case(CHAT, "null", 400, NO_PARAM),
                new Case(CHAT, "{" + MSG + "} trailing", 400, NO_PARAM),
                new Case(CHAT, "{" + MSG + "}{}", 400, NO_PARAM),
                // Limits of the JSON reader: nesting depth and number length name the field they are in
                chat("\"logit_bias\":{\"1\":" + nested(100) + "}", "logit_bias"),
                new Case(CHAT, "{\"messages\":" + nested(200) + "}", 400, "messages"),
                chat("\"temperature\":1." + "0".repeat(100), "temperature"),
                chat("\"seed\":" + "9".repeat(100), "seed"),
                // NaN and infinities, as tokens and as overflow
                chat("\"temperature\":NaN", "temperature"),
                chat("\"temperature\":Infinity", "temperature"),
                chat("\"top_p\":-Infinity", "top_p"),
                chat("\"temperature\":1e999", "temperature"),
                chat("\"top_p\":\"NaN\"", "top_p"),
                // Ranges
                chat("\"temperature\":-0.1", "temperature"),
                chat("\"temperature\":2.0001", "temperature"),
                chat("\"temperature\":\"hot\"", "temperature"),
                chat("\"top_p\":0", "top_p"),
                chat("\"top_p\":1.01", "top_p"),
                chat("\"n\":0", "n"),
                chat("\"n\":9", "n"),
                chat("\"n\":2.5", "n"),
                chat("\"n\":\"2\"", "n"),
                chat("\"n\":1e3", "n"),
                chat("\"max_tokens\":0,\"x\":1", "max_tokens"),
                new Case(CHAT, "{" + MSG + ",\"max_tokens\":-5}", 400, "max_tokens"),
                new Case(CHAT, "{" + MSG + ",\"max_tokens\":8193}", 400, "max_tokens"),
                new Case(CHAT, "{" + MSG + ",\"max_tokens\":1e20}", 400, "max_tokens"),
                new Case(CHAT, "{" + MSG + ",\"max_tokens\":99999999999999999999}", 400, "max_tokens"),
                new Case(CHAT, "{" + MSG + ",\"max_completion_tokens\":9000}", 400, "max_completion_tokens"),
                chat("\"presence_penalty\":3", "presence_penalty"),
                chat("\"frequency_penalty\":-2.5", "frequency_penalty"),
                chat("\"repetition_penalty\":0", "repetition_penalty"),
                chat("\"min_p\":2", "min_p"),
                chat("\"top_k\":\"all\"", "top_k"),
                chat("\"seed\":1.5", "seed"),
                // Stop strings: at most 16, each 1 to 256 characters
                chat("\"stop\":" + ids(17, 0).replace("0", "\"s\""), "stop"),
                chat("\"stop\":[\"" + "x".repeat(257) + "\"]", "stop"),
                chat("\"stop\":[\"\"]", "stop"),
                chat("\"stop\":5", "stop"),
                chat("\"stop\":[1]", "stop[0]"),
                chat("\"stop_token_ids\":\"a\"", "stop_token_ids"),
                chat("\"stop_token_ids\":[-1]", "stop_token_ids[0]"),
                chat("\"stop_token_ids\":[99999]", "stop_token_ids"),
                chat("\"logit_bias\":{\"x\":1}", "logit_bias"),
                chat("\"logit_bias\":{\"5\":101}", "logit_bias.5"),
                chat("\"logit_bias\":{\"99999\":1}", "logit_bias"),
                chat("\"logit_bias\":\"bias\"", "logit_bias"),
                // Messages
                new Case(CHAT, "{\"messages\":\"hi\"}", 400, "messages"),
                new Case(CHAT, "{\"messages\":[]}", 400, "messages"),
                new Case(CHAT, "{}", 400, "messages"),
                new Case(CHAT, "{\"messages\":[5]}", 400, "messages[0]"),
                new Case(CHAT, "{\"messages\":[{\"content\":\"x\"}]}", 400, "messages[0].role"),
                new Case(CHAT, "{\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}", 400, "messages[0].role"),
                new Case(CHAT, "{\"messages\":[{\"role\":\"user\"}]}", 400, "messages[0].content"),
                new Case(CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}", 400,
                        "messages[0].content[0].type"),
                new Case(CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":7}]}", 400, "messages[0].content"),
                // Other fields
                chat("\"model\":5", "model"),
                new Case(CHAT, "{" + MSG + ",\"model\":\"nope\"}", 404, "model"),
                chat("\"stream\":\"yes\"", "stream"),
                chat("\"stream_options\":{\"include_usage\":true}", "stream_options"),
                chat("\"stream\":true,\"stream_options\":\"x\"", "stream_options"),
                chat("\"logprobs\":true", "logprobs"),
                chat("\"top_logprobs\":30", "top_logprobs"),
                chat("\"ignore_eos\":\"y\"", "ignore_eos"),
                chat("\"user\":5", "user"),
                // Legacy completions
                new Case(TEXT, "{\"max_tokens\":2}", 400, "prompt"),
                text("\"prompt\":5", "prompt"),
                new Case(TEXT, "{\"prompt\":[],\"max_tokens\":2}", 400, "prompt"),
                new Case(TEXT, "{\"prompt\":[99999],\"max_tokens\":2}", 400, "prompt[0]"),
                new Case(TEXT, "{\"prompt\":[-1],\"max_tokens\":2}", 400, "prompt[0]"),
                new Case(TEXT, "{\"prompt\":[\"a\",\"b\"],\"max_tokens\":2}", 400, "prompt"),
                text("\"echo\":true", "echo"),
                text("\"best_of\":2", "best_of"),
                text("\"suffix\":\"x\"", "suffix"),
                new Case(TEXT, "{\"prompt\":" + ids(8100, 50) + ",\"max_tokens\":200}", 400, "prompt"),
                // Token endpoints
                new Case("/detokenize", "{\"tokens\":\"x\"}", 400, "tokens"),
                new Case("/detokenize", "{\"tokens\":[99999]}", 400, "tokens[0]"),
                new Case("/tokenize", "{\"prompt\":5}", 400, "prompt")));
        // Bytes that are not UTF-8, inside a message
        byte[] head = ("{\"messages\":[{\"role\":\"user\",\"content\":\"").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] broken = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, broken, 0, head.length);
        broken[head.length] = (byte) 0xff;
        broken[head.length + 1] = (byte) 0xfe;
        System.arraycopy(tail, 0, broken, head.length + 2, tail.length);
        cases.add(new Case(CHAT, broken, 400, "messages"));
        return cases;
    }


    private HttpResponse<String> post(String path, byte[] body) {
        return Http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Test
    void everyViolationIsA4xxThatNamesItsField() {
        List<String> failures = new ArrayList<>();
        for (Case c : cases()) {
            HttpResponse<String> response = post(c.path(), c.body());
            String problem = check(c, response);
            if (problem != null) {
                failures.add(c + " -> " + response.statusCode() + " " + response.body() + ": " + problem);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " cases failed:\n" + String.join("\n", failures));
    }

    private static String check(Case c, HttpResponse<String> response) {
        if (response.statusCode() >= 500) {
            return "a 5xx";
        }
        if (response.statusCode() != c.status()) {
            return "expected " + c.status();
        }
        JsonNode error;
        try {
            error = Http.json(response.body()).get("error");
        } catch (RuntimeException e) {
            return "not JSON";
        }
        if (error == null || !error.get("message").isTextual() || error.get("message").asText().isEmpty()
                || !error.get("type").isTextual()) {
            return "not OpenAI's error shape";
        }
        String param = error.get("param").isNull() ? NO_PARAM : error.get("param").asText();
        return param.equals(c.param()) ? null : "param " + param + ", expected " + c.param();
    }

    @Test
    void noCorruptionOfAValidBodyGetsA5xx() {
        byte[] valid = ("{\"model\":\"serving-tiny\"," + MSG + ",\"max_tokens\":2,\"temperature\":0.7,"
                + "\"top_p\":0.9,\"n\":1,\"stop\":[\"x\"],\"seed\":3,\"stream\":false}").getBytes(StandardCharsets.UTF_8);
        Random random = new Random(42);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] body = valid.clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(body.length);
                switch (random.nextInt(3)) {
                    case 0 -> body[at] = (byte) random.nextInt(256);
                    case 1 -> body = java.util.Arrays.copyOf(body, at); // truncated
                    default -> {
                        String junk = "{}[]\",:0-9.eE\\ntfu";
                        body[at] = (byte) junk.charAt(random.nextInt(junk.length()));
                    }
                }
                if (body.length == 0) {
                    break;
                }
            }
            HttpResponse<String> response = post(random.nextBoolean() ? CHAT : TEXT, body);
            if (response.statusCode() >= 500) {
                failures.add(new String(body, StandardCharsets.ISO_8859_1) + " -> " + response.statusCode() + " "
                        + response.body());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void theWrongMethodIs405() {
        HttpResponse<String> response = Http.get(base, CHAT);
        assertEquals(405, response.statusCode());
        assertFalse(response.body().isEmpty());
    }
}
