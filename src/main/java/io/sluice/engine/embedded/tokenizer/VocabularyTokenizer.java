package io.sluice.engine.embedded.tokenizer;

import java.util.OptionalInt;

/**
 * What every tokenizer answers straight from its {@link Vocabulary}: pieces, bytes, special-token roles. Subclasses
 * add only the encoding algorithm.
 */
abstract class VocabularyTokenizer implements Tokenizer {

    protected final Vocabulary vocabulary;
    /** The raw bytes each token decodes to, computed once. */
    private final byte[][] bytes;

    VocabularyTokenizer(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.bytes = TokenBytes.of(vocabulary);
    }

    @Override
    public byte[] decode(int id) {
        return bytes[vocabulary.checkId(id)].clone();
    }

    @Override
    public String piece(int id) {
        return vocabulary.token(vocabulary.checkId(id));
    }

    @Override
    public int size() {
        return vocabulary.size();
    }

    @Override
    public boolean isEndOfGeneration(int id) {
        return vocabulary.isEndOfGeneration(id);
    }

    @Override
    public boolean isControl(int id) {
        return vocabulary.type(vocabulary.checkId(id)) == TokenType.CONTROL;
    }

    @Override
    public OptionalInt bos() {
        return vocabulary.bos();
    }

    @Override
    public OptionalInt eos() {
        return vocabulary.eos();
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }
}
