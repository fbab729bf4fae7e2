package io.sluice.api.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
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

    /** Deepest nesting a request may have: real requests need about 6 levels; a deep one only costs stack. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** Longest number literal (digits, sign, exponent): no field needs more, and long ones cost quadratic time. */
    public static final int MAX_NUMBER_LENGTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
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

    /**
     * Parses a request body that must be one JSON object, within the nesting and number-length limits. A failure
     * inside a top-level field's value (a {@code NaN}, a number too long, nesting too deep) names that field.
     */
    public static ObjectNode readObject(byte[] body) {
        JsonNode root;
        JsonParser parser = null;
        try {
            if (body.length == 0) {
                root = null;
            } else {
                parser = MAPPER.createParser(body);
                root = MAPPER.readTree(parser);
                if (root != null && parser.nextToken() != null) {
                    throw new MalformedJsonException("We could not parse the JSON body of your request: "
                            + "trailing content after the JSON object.");
                }
            }
        } catch (StreamConstraintsException e) {
            throw new MalformedJsonException("The JSON body of your request is outside this server's limits (nesting "
                    + "depth " + MAX_NESTING_DEPTH + ", numbers of " + MAX_NUMBER_LENGTH + " characters): "
                    + e.getOriginalMessage(), field(parser));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            // A body cut short is the body's fault, not the field's it was cut in.
            String param = e instanceof JsonEOFException ? null : field(parser);
            throw new MalformedJsonException("We could not parse the JSON body of your request: "
                    + e.getOriginalMessage() + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")"), param);
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

    /** The top-level field the parser was inside when it failed, or null. */
    private static String field(JsonParser parser) {
        if (parser == null) {
            return null;
        }
        JsonStreamContext context = parser.getParsingContext();
        String name = null;
        while (context != null && context.getParent() != null) {
            if (context.getParent().getParent() == null) {
                name = context.getCurrentName();
            }
            context = context.getParent();
        }
        return name;
    }
}
