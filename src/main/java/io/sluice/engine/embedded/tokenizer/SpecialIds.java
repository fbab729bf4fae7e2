package io.sluice.engine.embedded.tokenizer;

/**
 * The special token ids a vocabulary knows, while it is being loaded: llama.cpp's defaults for the tokenizer
 * kind, then the ids the file names, then the ones found by text. -1 means none. Mutable; used only by the loader.
 */
final class SpecialIds {

    int bos = -1;
    int eos = -1;
    int eot = -1;
    int eom = -1;
    int unk = -1;
    int sep = -1;
    int pad = -1;
    int mask = -1;
    int fimPre = -1;
    int fimSuf = -1;
    int fimMid = -1;
    int fimPad = -1;
    int fimRep = -1;
    int fimSep = -1;

    /** llama.cpp's defaults before the file's keys are read: GPT-2 style BOS = EOS = 11, SentencePiece 1, 2, 0. */
    static SpecialIds defaultsFor(TokenizerKind kind, int vocabularySize) {
        SpecialIds ids = new SpecialIds();
        switch (kind) {
            case GPT2 -> {
                ids.bos = 11;
                ids.eos = 11;
            }
            case LLAMA -> {
                ids.bos = 1;
                ids.eos = 2;
                ids.unk = 0;
            }
        }
        // a default outside the vocabulary is no token at all
        ids.bos = ids.bos < vocabularySize ? ids.bos : -1;
        ids.eos = ids.eos < vocabularySize ? ids.eos : -1;
        ids.unk = ids.unk < vocabularySize ? ids.unk : -1;
        return ids;
    }
}
