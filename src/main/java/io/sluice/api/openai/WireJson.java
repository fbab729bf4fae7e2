package io.sluice.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the wire. Private to the API (not Quarkus's shared mapper) so that no global customizer can
 * change the bytes clients see. Snake-case names from record components; nulls omitted unless a component says
 * otherwise; an empty {@code Optional} is written as {@code null}, which is how a chunk says {@code "usage":null}.
 * Output is one line: Jackson escapes control characters inside strings, so a payload never breaks an SSE frame.
 * Non-ASCII text is written as raw UTF-8.
 */
public final class WireJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // an emoji goes out as its four UTF-8 bytes like every other character, not as two escaped surrogates
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private WireJson() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // our own records: cannot happen short of a bug
        }
    }

    /** Parses a request body that must be one JSON object. */
    public static ObjectNode readObject(byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new MalformedJsonException("We could not parse the JSON body of your request: "
                    + e.getOriginalMessage() + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new MalformedJsonException("We could not read the body of your request.");
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedJsonException("The request body is empty; expected a JSON object.");
        }
        if (!(root instanceof ObjectNode object)) {
            throw new MalformedJsonException("The request body must be a JSON object.");
        }
        return object;
    }
}
