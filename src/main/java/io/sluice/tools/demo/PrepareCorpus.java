package io.sluice.tools.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.engine.embedded.gguf.GgufMetadata;
import io.sluice.engine.embedded.gguf.GgufValue;
import io.sluice.engine.embedded.gguf.GgufWriter;
import io.sluice.engine.embedded.template.ChatTemplate;
import io.sluice.engine.embedded.tokenizer.Tokenizer;
import io.sluice.engine.embedded.tokenizer.Tokenizers;
import io.sluice.engine.embedded.tokenizer.train.BpeTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Step 2 of the demo model's recipe: trains the byte-level BPE vocabulary on the rendered training conversations and
 * tokenizes the corpus with it. Reads {@code train.jsonl}, {@code heldout.jsonl} and {@code eval.jsonl} from
 * {@code --corpus}; writes to {@code --out}:
 * <ul>
 *   <li>{@code tokenizer.gguf}: a GGUF file without tensors holding the {@code tokenizer.ggml.*} metadata and the
 *       chat template ({@link WriteGguf} copies it into the model);</li>
 *   <li>{@code train.*} and {@code heldout.*}: token ids, training mask and conversation offsets ({@link
 *       TokenFiles});</li>
 *   <li>{@code eval-prompts.jsonl}: the evaluation prompts with the ids of their generation prompt;</li>
 *   <li>{@code vocab.json}: each token's bytes (base64) and the special ids, so Python can decode replies;</li>
 *   <li>{@code corpus-stats.json}.</li>
 * </ul>
 */
public final class PrepareCorpus {

    private static final String USAGE = "usage: PrepareCorpus --corpus DIR --out DIR [--vocab 4096]";

    private PrepareCorpus() {
    }

    public static void main(String[] argv) throws IOException {
        Args args = new Args(argv, USAGE);
        Path corpus = args.path("corpus");
        Path out = args.path("out");
        int vocabularySize = args.integer("vocab", 4096);
        Files.createDirectories(out);
        long started = System.nanoTime();

        List<JsonNode> train = ChatCorpus.readLines(corpus.resolve("train.jsonl"));
        List<JsonNode> heldout = ChatCorpus.readLines(corpus.resolve("heldout.jsonl"));
        List<JsonNode> eval = ChatCorpus.readLines(corpus.resolve("eval.jsonl"));
        ChatTemplate template = DemoModel.chatTemplate();

        StringBuilder text = new StringBuilder();
        for (JsonNode row : train) {
            text.append(template.render(ChatCorpus.messages(row), false));
        }
        Map<String, GgufValue> vocabulary = BpeTrainer.train(text.toString(),
                DemoModel.tokenizerOptions(vocabularySize));
        GgufWriter tokenizerFile = new GgufWriter();
        vocabulary.forEach(tokenizerFile::put);
        tokenizerFile.putString(ChatTemplate.GGUF_KEY, DemoModel.chatTemplateSource());
        tokenizerFile.write(out.resolve("tokenizer.gguf"));
        Tokenizer tokenizer = Tokenizers.fromGguf(new GgufMetadata("trained vocabulary", vocabulary));
        log("vocabulary: %d tokens (%d requested), trained in %.1f s", tokenizer.size(), vocabularySize,
                (System.nanoTime() - started) / 1e9);

        int imEnd = tokenizer.vocabulary().id(DemoModel.IM_END).orElseThrow();
        ConversationEncoder encoder = new ConversationEncoder(template, tokenizer, imEnd);
        ObjectNode stats = ChatCorpus.JSON.createObjectNode();
        stats.put("vocabulary_size", tokenizer.size());
        for (var split : Map.of("train", train, "heldout", heldout).entrySet()) {
            try (TokenFiles files = new TokenFiles(out, split.getKey())) {
                for (JsonNode row : split.getValue()) {
                    files.add(encoder.encode(ChatCorpus.messages(row)));
                }
                ObjectNode s = stats.putObject(split.getKey());
                s.put("conversations", files.conversations());
                s.put("tokens", files.tokens());
                s.put("trained_tokens", files.trained());
                s.put("longest_conversation", files.longest());
                log("%s: %d conversations, %d tokens (%d trained), longest %d", split.getKey(),
                        files.conversations(), files.tokens(), files.trained(), files.longest());
            }
        }

        List<String> promptLines = new ArrayList<>();
        for (JsonNode row : eval) {
            ObjectNode prompt = ((ObjectNode) row).deepCopy();
            ArrayNode ids = prompt.putArray("ids");
            for (int id : encoder.prompt(ChatCorpus.messages(row))) {
                ids.add(id);
            }
            promptLines.add(ChatCorpus.JSON.writeValueAsString(prompt));
        }
        Files.write(out.resolve("eval-prompts.jsonl"), promptLines, StandardCharsets.UTF_8);

        ObjectNode vocab = ChatCorpus.JSON.createObjectNode();
        ArrayNode tokens = vocab.putArray("tokens");
        for (int id = 0; id < tokenizer.size(); id++) {
            tokens.add(Base64.getEncoder().encodeToString(tokenizer.decode(id)));
        }
        vocab.put("im_start", tokenizer.vocabulary().id(DemoModel.IM_START).orElseThrow());
        vocab.put("im_end", imEnd);
        vocab.put("endoftext", tokenizer.vocabulary().id(DemoModel.END_OF_TEXT).orElseThrow());
        ArrayNode endOfGeneration = vocab.putArray("end_of_generation");
        for (int id : tokenizer.vocabulary().endOfGenerationIds()) {
            endOfGeneration.add(id);
        }
        writeJson(out.resolve("vocab.json"), vocab);
        stats.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
        writeJson(out.resolve("corpus-stats.json"), stats);
        log("wrote %s in %.1f s", out, (System.nanoTime() - started) / 1e9);
    }

    private static void writeJson(Path file, JsonNode node) {
        try {
            ChatCorpus.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + " failed", e);
        }
    }

    private static void log(String format, Object... values) {
        System.out.println("[prepare-corpus] " + String.format(format, values));
    }
}
