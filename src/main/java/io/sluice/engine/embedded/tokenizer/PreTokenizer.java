package io.sluice.engine.embedded.tokenizer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The word split that byte-level BPE runs before merging, chosen by {@code tokenizer.ggml.pre}: llama.cpp's regex
 * list for that name, applied one regex after another (each splits the pieces the previous one made). The regexes
 * are llama.cpp's, character for character; {@link SplitRegex} runs them as llama.cpp does. Immutable.
 */
public enum PreTokenizer {

    /** llama.cpp's fallback when a file names none: punctuation runs, then GPT-2, then digit runs, then 3 digits. */
    DEFAULT(false, false, List.of("default"),
            "[\\p{P}\\$\\+<=>\\^~\\|]+",
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)",
            "\\p{N}+",
            "[0-9][0-9][0-9]"),

    /** GPT-2's regex. */
    GPT2(false, false, List.of("gpt-2", "phi-2", "mpt", "olmo"),
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)"),

    /**
     * Llama 3: case-insensitive contractions, digits in runs of up to three, newlines kept with the whitespace
     * before them. A word that is itself a token skips the merges, and BOS is added unless the file says otherwise.
     */
    LLAMA3(true, true, List.of("llama3", "llama-v3", "llama-bpe", "falcon3"),
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),

    /** The Llama 3 regex without its merge and BOS rules (DBRX, Smaug). */
    LLAMA3_REGEX_ONLY(false, false, List.of("dbrx", "smaug-bpe"),
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),

    /** Qwen2 / Qwen2.5 / Qwen3 and the DeepSeek-R1 Qwen distills: as Llama 3, but every digit on its own. */
    QWEN2(false, false, List.of("qwen2", "deepseek-r1-qwen", "stablelm2"),
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),

    /** SmolLM, StarCoder and relatives: every digit on its own, then GPT-2. */
    SMOLLM(false, false, List.of("smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva-7b"),
            "\\p{N}",
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)"),

    /**
     * DeepSeek LLM (v1): newlines, cased-letter words, ASCII and full-width punctuation, CJK runs, digit runs. The
     * letter class is written with escapes because several of its endpoints (U+1F7D, U+1FBE, U+2126, U+212A, ...)
     * are characters that Unicode normalization silently replaces, which would corrupt the ranges.
     */
    DEEPSEEK_LLM(false, false, List.of("deepseek-llm"),
            "[\r\n]",
            "\\s?["
                    + "A-Za-z\u00B5\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u01BA\u01BC-\u01BF\u01C4-\u0293\u0295-\u02AF"
                    + "\u0370-\u0373\u0376\u0377\u037B-\u037D\u037F\u0386\u0388-\u038A\u038C\u038E-\u03A1\u03A3-\u03F5"
                    + "\u03F7-\u0481\u048A-\u052F\u0531-\u0556\u10A0-\u10C5\u13A0-\u13F5\u13F8-\u13FD\u1C90-\u1CBA"
                    + "\u1CBD-\u1CBF\u1D00-\u1D2B\u1D6B-\u1D77\u1D79-\u1D9A\u1E00-\u1F15\u1F18-\u1F1D\u1F20-\u1F45"
                    + "\u1F48-\u1F4D\u1F50-\u1F57\u1F59\u1F5B\u1F5D\u1F5F-\u1F7D\u1F80-\u1FB4\u1FB6-\u1FBC\u1FBE\u1FC2-"
                    + "\u1FC4\u1FC6-\u1FCC\u1FD0-\u1FD3\u1FD6-\u1FDB\u1FE0-\u1FEC\u1FF2-\u1FF4\u1FF6-\u1FFC\u2102\u2107"
                    + "\u210A-\u2113\u2115\u2119-\u211D\u2124\u2126\u2128\u212A-\u212D\u212F-\u2134\u2139\u213C-\u213F"
                    + "\u2145-\u2149\u214E\u2183\u2184\u2C00-\u2C7B\u2C7E-\u2CE4\u2CEB-\u2CEE\u2CF2\u2CF3\uA640-\uA66D"
                    + "\uA680-\uA69B\uA722-\uA76F\uA771-\uA787\uA78B-\uA78E\uAB70-\uABBF\uFB00-\uFB06\uFB13-\uFB17"
                    + "\uFF21-\uFF3A\uFF41-\uFF5A\uD801\uDC00-\uD801\uDC4F\uD801\uDCB0-\uD801\uDCD3\uD801\uDCD8-\uD801"
                    + "\uDCFB\uD803\uDC80-\uD803\uDCB2\uD803\uDCC0-\uD803\uDCF2\uD806\uDCA0-\uD806\uDCDF\uD83A\uDD00-"
                    + "\uD83A\uDD43"
                    + "]+",
            "\\s?[!-/:-~\uFF01-\uFF0F\uFF1A-\uFF5E\u2018-\u201F\u3000-\u3002]+",
            "\\s+$",
            "[\u4E00-\u9FA5\u0800-\u4E00\uAC00-\uD7FF]+",
            "\\p{N}+"),

    /** DeepSeek V3 / R1: digits in threes, CJK and kana runs, then a punctuation- and mark-aware word regex. */
    DEEPSEEK3(false, false, List.of("deepseek-v3"),
            "\\p{N}{1,3}",
            "[\u4E00-\u9FA5\u3040-\u309F\u30A0-\u30FF]+",
            "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+"
                    + "| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+"),

    /**
     * GPT-4o's o200k split: words split at case changes, contractions attached, digits in threes. Its
     * {@code (?=[\p{L}])([^a-z])} means "a letter, but not a lowercase ASCII one", which on llama.cpp's collapsed
     * text makes every non-ASCII letter count as both cases.
     */
    GPT4O(false, false, List.of("gpt-4o"),
            "[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+"
                    + "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?"
                    + "|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*"
                    + "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])?"
                    + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    private static final Map<String, PreTokenizer> BY_NAME = new LinkedHashMap<>();

    static {
        for (PreTokenizer p : values()) {
            for (String name : p.names) {
                BY_NAME.put(name, p);
            }
        }
    }

    private final boolean ignoreMerges;
    private final boolean addsBosByDefault;
    private final List<String> names;
    private final List<SplitRegex> regexes;

    PreTokenizer(boolean ignoreMerges, boolean addsBosByDefault, List<String> names, String... regexes) {
        this.ignoreMerges = ignoreMerges;
        this.addsBosByDefault = addsBosByDefault;
        this.names = names;
        this.regexes = Arrays.stream(regexes).map(SplitRegex::of).toList();
    }

    /** The pre-tokenizer a {@code tokenizer.ggml.pre} value names, if Sluice supports it. */
    public static Optional<PreTokenizer> byGgufName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every {@code tokenizer.ggml.pre} value Sluice accepts. */
    public static List<String> supportedNames() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The names this pre-tokenizer is known by in {@code tokenizer.ggml.pre}; the first is the canonical one. */
    public List<String> ggufNames() {
        return names;
    }

    /** llama.cpp's {@code ignore_merges}: a word that is a token in full is that token, merges or not. */
    public boolean ignoresMerges() {
        return ignoreMerges;
    }

    /** Whether llama.cpp adds BOS for this pre-tokenizer when {@code tokenizer.ggml.add_bos_token} is absent. */
    public boolean addsBosByDefault() {
        return addsBosByDefault;
    }

    /** Splits {@code text} into words, in order; concatenated they give back {@code text}. */
    public List<String> split(String text) {
        SplitText st = new SplitText(text);
        if (st.length() == 0) {
            return List.of();
        }
        IntList segments = new IntList();
        segments.add(st.length());
        for (SplitRegex regex : regexes) {
            IntList next = new IntList(segments.size() * 4);
            regex.split(st, segments, next);
            segments = next;
        }
        return st.cut(segments);
    }
}
