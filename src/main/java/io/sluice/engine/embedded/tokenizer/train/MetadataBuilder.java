package io.sluice.engine.embedded.tokenizer.train;

import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.tokenizer.TokenType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects a vocabulary's tokens and writes them out as the {@code tokenizer.ggml.*} values a GGUF file holds. */
final class MetadataBuilder {

    private final List<String> tokens = new ArrayList<>();
    private final List<TokenType> types = new ArrayList<>();
    private final List<Float> scores = new ArrayList<>();
    private final Map<String, Integer> ids = new LinkedHashMap<>();

    /** Appends a token; its text must be new. */
    int add(String text, TokenType type, float score) {
        if (ids.putIfAbsent(text, tokens.size()) != null) {
            throw new IllegalArgumentException("the token '" + text + "' is already in the vocabulary");
        }
        tokens.add(text);
        types.add(type);
        scores.add(score);
        return tokens.size() - 1;
    }

    int id(String text) {
        Integer id = ids.get(text);
        if (id == null) {
            throw new IllegalArgumentException("no token '" + text + "'");
        }
        return id;
    }

    boolean contains(String text) {
        return ids.containsKey(text);
    }

    int size() {
        return tokens.size();
    }

    GgufValue tokens() {
        return GgufValue.ofStrings(tokens.toArray(String[]::new));
    }

    GgufValue types() {
        return GgufValue.ofInt32s(types.stream().mapToInt(TokenType::id).toArray());
    }

    GgufValue scores() {
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        return GgufValue.ofFloats(s);
    }

    static Map<String, GgufValue> frozen(Map<String, GgufValue> metadata) {
        return Collections.unmodifiableMap(metadata);
    }
}
