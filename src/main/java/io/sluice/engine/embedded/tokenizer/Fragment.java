package io.sluice.engine.embedded.tokenizer;

/** A piece of input after special tokens are found in it: raw text still to be tokenized, or one special token. */
sealed interface Fragment {

    record Text(String text) implements Fragment {
    }

    record Special(int id) implements Fragment {
    }
}
