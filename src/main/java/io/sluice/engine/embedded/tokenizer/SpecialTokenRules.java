package io.sluice.engine.embedded.tokenizer;

import java.util.BitSet;
import java.util.Set;

/**
 * llama.cpp's load-time rules that go by token text, because converted files often lack the ids: finding the
 * end-of-turn, end-of-message and fill-in-the-middle tokens, promoting such tokens to CONTROL when a file typed
 * them NORMAL, and building the end-of-generation set (EOS, EOT, EOM, FIM pad/repo/separator, and every token whose
 * text is a well-known end marker). Where llama.cpp picks among several candidates in hash-map order, this picks
 * the lowest id; the set of EOG ids does not depend on the choice.
 */
final class SpecialTokenRules {

    private static final String FW_BAR = "\uFF5C";
    private static final String SPM_SPACE = "\u2581";

    private static final Set<String> EOT_TEXTS = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>",
            "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>", "[EOT]",
            "<" + FW_BAR + "end" + SPM_SPACE + "of" + SPM_SPACE + "sentence" + FW_BAR + ">", "<end_of_utterance>");
    private static final Set<String> EOM_TEXTS = Set.of("<|eom_id|>");
    private static final Set<String> FIM_PRE_TEXTS = Set.of("<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>",
            "<" + FW_BAR + "fim" + SPM_SPACE + "begin" + FW_BAR + ">", "<PRE>", SPM_SPACE + "<PRE>",
            "<|code_prefix|>", "<|prefix|>");
    private static final Set<String> FIM_SUF_TEXTS = Set.of("<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>",
            "<" + FW_BAR + "fim" + SPM_SPACE + "hole" + FW_BAR + ">", "<SUF>", SPM_SPACE + "<SUF>",
            "<|code_suffix|>", "<|suffix|>");
    private static final Set<String> FIM_MID_TEXTS = Set.of("<|fim_middle|>", "<fim-middle>", "<fim_middle>",
            "<" + FW_BAR + "fim" + SPM_SPACE + "end" + FW_BAR + ">", "<MID>", SPM_SPACE + "<MID>",
            "<|code_middle|>", "<|middle|>");
    private static final Set<String> FIM_PAD_TEXTS = Set.of("<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]");
    private static final Set<String> FIM_REP_TEXTS = Set.of("<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>",
            "<reponame>");
    private static final Set<String> FIM_SEP_TEXTS = Set.of("<|file_sep|>");

    /** Texts that end generation wherever they sit in the vocabulary. */
    private static final Set<String> EOG_TEXTS = Set.of("<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>",
            "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>", "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>",
            "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>", "<end_of_utterance>", "<eos>", "<turn|>",
            "<|tool_response>", "<" + FW_BAR + "end" + SPM_SPACE + "of" + SPM_SPACE + "sentence" + FW_BAR + ">",
            "[e~[");

    /** gpt-oss markers llama.cpp always renders, whatever the file says. */
    private static final Set<String> FORCED_USER_DEFINED = Set.of("<|channel|>", "<|message|>", "<|start|>",
            "<|constrain|>");

    private SpecialTokenRules() {
    }

    /** Fills in missing ids, retypes tokens in {@code types} as llama.cpp does, and returns the EOG set. */
    static BitSet apply(String[] tokens, TokenType[] types, SpecialIds ids) {
        for (int id = 0; id < tokens.length; id++) {
            String text = tokens[id];
            if (ids.eot < 0 && EOT_TEXTS.contains(text)) {
                ids.eot = promote(types, id);
            }
            if (ids.eom < 0 && EOM_TEXTS.contains(text)) {
                ids.eom = promote(types, id);
            }
            if (ids.fimPre < 0 && FIM_PRE_TEXTS.contains(text)) {
                ids.fimPre = promote(types, id);
            }
            if (ids.fimSuf < 0 && FIM_SUF_TEXTS.contains(text)) {
                ids.fimSuf = promote(types, id);
            }
            if (ids.fimMid < 0 && FIM_MID_TEXTS.contains(text)) {
                ids.fimMid = promote(types, id);
            }
            if (ids.fimPad < 0 && FIM_PAD_TEXTS.contains(text)) {
                ids.fimPad = promote(types, id);
            }
            if (ids.fimRep < 0 && FIM_REP_TEXTS.contains(text)) {
                ids.fimRep = promote(types, id);
            }
            if (ids.fimSep < 0 && FIM_SEP_TEXTS.contains(text)) {
                ids.fimSep = promote(types, id);
            }
        }

        BitSet eog = new BitSet(tokens.length);
        setIfPresent(eog, ids.fimPad);
        setIfPresent(eog, ids.fimRep);
        setIfPresent(eog, ids.fimSep);
        for (int id = 0; id < tokens.length; id++) {
            if (EOG_TEXTS.contains(tokens[id])) {
                eog.set(id);
                promote(types, id);
            }
        }
        for (int id = 0; id < tokens.length; id++) {
            if (FORCED_USER_DEFINED.contains(tokens[id])) {
                types[id] = TokenType.USER_DEFINED;
            }
        }
        setIfPresent(eog, ids.eos);
        setIfPresent(eog, ids.eot);
        setIfPresent(eog, ids.eom);

        // o200k_harmony and solar-open end a message with <|end|> but keep generating: it is not EOG there
        int end = find(tokens, eog, "<|end|>");
        boolean hasCall = find(tokens, eog, "<|call|>") >= 0 || find(tokens, eog, "<|calls|>") >= 0;
        if (end >= 0 && hasCall
                && (find(tokens, eog, "<|return|>") >= 0 || find(tokens, eog, "<|flush|>") >= 0)) {
            eog.clear(end);
            types[end] = TokenType.USER_DEFINED;
        }
        // Gemma 4 and PaddleOCR use </s> as ordinary text next to <|tool_response>
        int s = find(tokens, eog, "</s>");
        if (s >= 0 && find(tokens, eog, "<|tool_response>") >= 0) {
            eog.clear(s);
            types[s] = TokenType.NORMAL;
        }
        return eog;
    }

    private static int promote(TokenType[] types, int id) {
        types[id] = TokenType.CONTROL;
        return id;
    }

    private static void setIfPresent(BitSet set, int id) {
        if (id >= 0) {
            set.set(id);
        }
    }

    private static int find(String[] tokens, BitSet among, String text) {
        for (int id = among.nextSetBit(0); id >= 0; id = among.nextSetBit(id + 1)) {
            if (tokens[id].equals(text)) {
                return id;
            }
        }
        return -1;
    }
}
