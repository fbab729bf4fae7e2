package io.sluice.engine.embedded.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds special token texts in the input before any other splitting, as llama.cpp's
 * {@code tokenizer_st_partition} does: each special token in turn, longest text first, is cut out of every text
 * fragment that is left, left to right. USER_DEFINED tokens are always found; CONTROL and UNKNOWN tokens only when
 * the caller asks to parse special tokens (a prompt rendered by a chat template, not text a user typed).
 */
final class SpecialTokenPartition {

    private SpecialTokenPartition() {
    }

    static List<Fragment> partition(Vocabulary vocabulary, String text, boolean parseSpecial) {
        List<Fragment> fragments = new ArrayList<>();
        if (text.isEmpty()) {
            return fragments;
        }
        fragments.add(new Fragment.Text(text));
        for (int id : vocabulary.specialsLongestFirst()) {
            if (!parseSpecial && vocabulary.type(id) != TokenType.USER_DEFINED) {
                continue;
            }
            String special = vocabulary.token(id);
            List<Fragment> next = null;
            for (int f = 0; f < fragments.size(); f++) {
                Fragment fragment = fragments.get(f);
                int at = fragment instanceof Fragment.Text(String raw) ? raw.indexOf(special) : -1;
                if (at < 0) {
                    if (next != null) {
                        next.add(fragment);
                    }
                    continue;
                }
                if (next == null) {
                    next = new ArrayList<>(fragments.subList(0, f));
                }
                String raw = ((Fragment.Text) fragment).text();
                int from = 0;
                while (at >= 0) {
                    if (at > from) {
                        next.add(new Fragment.Text(raw.substring(from, at)));
                    }
                    next.add(new Fragment.Special(id));
                    from = at + special.length();
                    at = raw.indexOf(special, from);
                }
                if (from < raw.length()) {
                    next.add(new Fragment.Text(raw.substring(from)));
                }
            }
            if (next != null) {
                fragments = next;
            }
        }
        return fragments;
    }
}
