package io.sluice.engine.embedded.tokenizer.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts special token texts out of a training corpus (a chat-formatted corpus is full of them), so that no learned
 * token ever spans or imitates one. Longest text first, as the tokenizer finds them.
 */
final class CorpusSplitter {

    private CorpusSplitter() {
    }

    static List<String> withoutSpecials(String corpus, List<String> specials) {
        if (specials.isEmpty()) {
            return corpus.isEmpty() ? List.of() : List.of(corpus);
        }
        String alternation = specials.stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).reduce((a, b) -> a + "|" + b).orElseThrow();
        List<String> pieces = new ArrayList<>();
        Matcher m = Pattern.compile(alternation).matcher(corpus);
        int from = 0;
        while (m.find()) {
            if (m.start() > from) {
                pieces.add(corpus.substring(from, m.start()));
            }
            from = m.end();
        }
        if (from < corpus.length()) {
            pieces.add(corpus.substring(from));
        }
        return pieces;
    }
}
