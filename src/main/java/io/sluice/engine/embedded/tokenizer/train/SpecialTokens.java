package io.sluice.engine.embedded.tokenizer.train;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The special tokens a trained byte-level BPE vocabulary gets, appended after the learned tokens in this order:
 * CONTROL tokens (chat markers, end of text), then USER_DEFINED ones (texts that are always one token, even in user
 * input). {@code bos}, {@code eos}, {@code eot} and {@code padding} name which of them play those roles (null for
 * none); {@code addBos} and {@code addEos} become {@code tokenizer.ggml.add_bos_token} / {@code add_eos_token}.
 */
public record SpecialTokens(List<String> control, List<String> userDefined, String bos, String eos, String eot,
        String padding, boolean addBos, boolean addEos) {

    public SpecialTokens {
        control = List.copyOf(control);
        userDefined = List.copyOf(userDefined);
        List<String> all = new ArrayList<>(control);
        all.addAll(userDefined);
        if (new LinkedHashSet<>(all).size() != all.size()) {
            throw new IllegalArgumentException("special tokens repeat a text: " + all);
        }
        for (String t : all) {
            if (t.isEmpty()) {
                throw new IllegalArgumentException("a special token text is empty");
            }
        }
        for (String role : new String[] {bos, eos, eot, padding}) {
            if (role != null && !all.contains(role)) {
                throw new IllegalArgumentException("'" + role + "' is given a role but is not among " + all);
            }
        }
        if (addBos && bos == null) {
            throw new IllegalArgumentException("addBos needs a bos token");
        }
        if (addEos && eos == null) {
            throw new IllegalArgumentException("addEos needs an eos token");
        }
    }

    /** No special tokens at all. */
    public static SpecialTokens none() {
        return new SpecialTokens(List.of(), List.of(), null, null, null, null, false, false);
    }

    /** These CONTROL tokens, none given a role yet. */
    public static SpecialTokens control(String... texts) {
        return new SpecialTokens(List.of(texts), List.of(), null, null, null, null, false, false);
    }

    /**
     * Qwen's ChatML set: {@code <|endoftext|>} (BOS and EOS, BOS not added), {@code <|im_start|>},
     * {@code <|im_end|>} (EOT).
     */
    public static SpecialTokens chatMl() {
        return new SpecialTokens(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"), List.of(),
                "<|endoftext|>", "<|endoftext|>", "<|im_end|>", null, false, false);
    }

    public SpecialTokens withUserDefined(String... texts) {
        return new SpecialTokens(control, List.of(texts), bos, eos, eot, padding, addBos, addEos);
    }

    public SpecialTokens withBos(String text, boolean add) {
        return new SpecialTokens(control, userDefined, Objects.requireNonNull(text), eos, eot, padding, add, addEos);
    }

    public SpecialTokens withEos(String text, boolean add) {
        return new SpecialTokens(control, userDefined, bos, Objects.requireNonNull(text), eot, padding, addBos, add);
    }

    public SpecialTokens withEot(String text) {
        return new SpecialTokens(control, userDefined, bos, eos, text, padding, addBos, addEos);
    }

    public SpecialTokens withPadding(String text) {
        return new SpecialTokens(control, userDefined, bos, eos, eot, text, addBos, addEos);
    }

    /** Every special text, CONTROL first. */
    List<String> all() {
        List<String> all = new ArrayList<>(control);
        all.addAll(userDefined);
        return all;
    }
}
