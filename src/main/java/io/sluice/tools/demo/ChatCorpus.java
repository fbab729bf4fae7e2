package io.sluice.tools.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.engine.spi.ChatMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the JSON-lines files {@code src/training/corpus.py} writes: one object with a {@code messages} array a line. */
final class ChatCorpus {

    static final ObjectMapper JSON = new ObjectMapper();

    private ChatCorpus() {
    }

    /** Every line's JSON object, in file order. */
    static List<JsonNode> readLines(Path file) {
        List<JsonNode> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    rows.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new IllegalArgumentException(file + ":" + number + ": not JSON: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + " failed", e);
        }
        return rows;
    }

    static List<ChatMessage> messages(JsonNode row) {
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : row.get("messages")) {
            messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        }
        return messages;
    }
}
