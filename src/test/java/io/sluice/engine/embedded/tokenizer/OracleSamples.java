package io.sluice.engine.embedded.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The fixed multilingual strings every fixture is tokenized on, by Sluice and by llama.cpp: ASCII, accented Latin,
 * CJK, emoji (with ZWJ sequences, skin tones and flags), code, runs of spaces and newlines, leading and trailing
 * whitespace, digits, contractions, non-ASCII whitespace, combining marks, characters no training text had, text
 * holding special-token strings (whole, repeated, partial), a long mixed paragraph and random codepoints.
 */
final class OracleSamples {

    private OracleSamples() {
    }

    static List<String> all() {
        List<String> s = new ArrayList<>(List.of(
                "Hello world",
                "Hello, world! How are you today?",
                "The quick brown fox jumps over the lazy dog.",
                " leading space",
                "trailing space ",
                "  two leading spaces",
                "a  b   c    d     e",
                " ",
                "   ",
                "\n",
                "\n\n\nthree newlines",
                "line one\nline two\r\nline three\r\n",
                "tab\there\t\tand\t",
                "    indented code\n        more\n",
                "   \n   \n",
                "end of paragraph.\n\n  Next one starts here.",
                "Le café est très chaud, la crème brûlée aussi. Straße, Ñandú, São Paulo, Tiếng Việt, Æsop.",
                "Schöne Grüße aus München! ¿Qué tal? Ça va.",
                "我爱北京天安门。今天天气很好，我们去公园散步吧。",
                "東京は日本の首都です。ありがとうございます！",
                "안녕하세요, 만나서 반갑습니다.",
                "mixed 中文 and English 한국어 text",
                "🙂🦙🚀 family: 👨‍👩‍👧 thumbs 👍🏽 flag 🇫🇷 heart ❤️ sparkles✨",
                "def f(x):\n    return x ** 2  # square\n",
                "for (int i = 0; i < 10; i++) { sum += a[i]; }",
                "const url = `/api/v1/users/${id}?q=${encodeURIComponent(q)}`;",
                "<div class=\"card\">{{ user.name }}</div>",
                "1234567890",
                "3.14159 2024-05-17 $1,000,000.00 +49 (0)30 1234",
                "٣٤٥ Ⅻ ½ ²³ ①②",
                "I'M sure they'll say it's fine, we'd've known. DON'T!",
                "it's its' 'tis rock'n'roll",
                "a\u00A0b\u2003c\u3000d\u2009e",
                "zero\u200Bwidth and soft\u00ADhyphen",
                "e\u0301 n\u0303 combining marks; precomposed é ñ",
                "ᚠᛇᚻ runes, 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math, ∮ E⋅da = Q, ℃ ™ ©",
                "Ελληνικά και Русский язык и עברית و العربية",
                "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n",
                "text<|endoftext|>more text",
                "<|im_end|><|im_end|>",
                "<|im_start no closing and <|im_end| partial",
                "<tool>call</tool> and <tool> again",
                "<s>hello</s> <unk> markers",
                "Order #12345 costs $678.90 on 2021-3-14.",
                "zymurgy, a zymurgy; жжж ж",
                "HelloWorld iPhone ÉCOLE école McDonald's XMLHttpRequest"));
        s.add(TestCorpus.multilingual(3000, 2024));
        s.add(randomCodepoints(400, 7));
        return s;
    }

    /**
     * Codepoints from long-assigned blocks (so Unicode version differences between the JDK and llama.cpp's tables do
     * not matter), separated now and then by spaces and ASCII letters so that words form.
     */
    static String randomCodepoints(int count, long seed) {
        int[][] ranges = {{0xA0, 0x24F}, {0x370, 0x3FF}, {0x400, 0x4FF}, {0x5D0, 0x5EA}, {0x621, 0x64A},
            {0x905, 0x939}, {0xE01, 0xE3A}, {0x2010, 0x2027}, {0x2190, 0x21FF}, {0x2200, 0x22FF}, {0x4E00, 0x9FA5},
            {0xAC00, 0xD7A3}, {0x1F300, 0x1F5FF}, {'a', 'z'}, {'0', '9'}};
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder();
        while (sb.codePointCount(0, sb.length()) < count) {
            int[] r = ranges[random.nextInt(ranges.length)];
            int cp = r[0] + random.nextInt(r[1] - r[0] + 1);
            if (Character.isDefined(cp)) {
                sb.appendCodePoint(cp);
            }
            if (random.nextInt(6) == 0) {
                sb.append(random.nextInt(4) == 0 ? "  " : " ");
            }
        }
        return sb.toString();
    }
}
