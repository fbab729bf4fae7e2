package io.sluice.engine.embedded.tokenizer;

import java.util.List;
import java.util.Random;

/**
 * A seeded multilingual corpus for training test vocabularies: English prose, code, accented Latin (French,
 * German, Spanish, Portuguese, Vietnamese), Chinese, Japanese, Korean, emoji, numbers and whitespace runs, mixed in
 * paragraphs. The same seed and size give the same text.
 */
public final class TestCorpus {

    private static final List<String> ENGLISH = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "It was the best of times, it was the worst of times.",
            "She sells sea shells by the sea shore, and the shells she sells are surely sea shells.",
            "We'll meet at the station at noon; don't be late, they're leaving early.",
            "In the beginning there was nothing but the sound of the river and the wind in the trees.",
            "A small model learns the common words first and the rare words much later.",
            "He said: \"I can't believe it's already Tuesday!\"",
            "The library opens at nine o'clock and closes at six in the evening.",
            "Streaming responses arrive one token at a time, so the first word appears quickly.",
            "Could you tell me the capital of France? The capital of France is Paris.",
            "Once upon a time, a little rabbit lived in a burrow under an old oak tree.",
            "The weather today is sunny with a light breeze from the west.",
            "Please remember to water the plants while I'm away for the weekend.",
            "Mountains, rivers and forests cover most of the northern region.",
            "I've read that book twice, and I'd read it again if I had the time.",
            "THE END OF THE STORY IS NOT THE END OF THE BOOK.");

    private static final List<String> CODE = List.of(
            "public static int add(int a, int b) {\n    return a + b;\n}\n",
            "def fibonacci(n):\n    if n < 2:\n        return n\n    return fibonacci(n - 1) + fibonacci(n - 2)\n",
            "for (int i = 0; i < items.size(); i++) {\n\tSystem.out.println(items.get(i));\n}\n",
            "const result = await fetch(`/api/v1/users/${id}`, { method: 'GET' });\n",
            "SELECT name, COUNT(*) AS total FROM orders WHERE created_at >= '2024-01-01' GROUP BY name;\n",
            "if x != None and len(x) > 0:\n    print(\"non-empty: %d\" % len(x))\n",
            "#include <stdio.h>\nint main(void) { printf(\"hello, world\\n\"); return 0; }\n",
            "    // TODO: handle the error case\n    throw new IllegalStateException(\"unreachable\");\n",
            "<div class=\"card\"><span>{{ user.name }}</span></div>\n",
            "x = [i * i for i in range(10) if i % 2 == 0]\n");

    private static final List<String> ACCENTED = List.of(
            "Le café est très chaud, mais la crème brûlée est déjà froide.",
            "Où est la bibliothèque ? Elle se trouve à côté de l'église.",
            "Die Straße ist nass, weil es den ganzen Tag geregnet hat. Schöne Grüße!",
            "Über den Wolken muss die Freiheit wohl grenzenlos sein.",
            "El niño comió una manzana y después bebió agua fría.",
            "¿Dónde está la estación? ¡Está muy cerca de aquí!",
            "A canção é muito bonita e o coração não esquece.",
            "Tiếng Việt có nhiều dấu thanh khác nhau.",
            "Ça va très bien, merci beaucoup ; et vous ?",
            "Æsop, Ørsted and Åsa walked through Malmö and Göteborg.");

    private static final List<String> CJK = List.of(
            "今天天气很好，我们去公园散步吧。",
            "我爱北京天安门，天安门上太阳升。",
            "机器学习是人工智能的一个分支。",
            "这个模型很小，但是它可以回答简单的问题。",
            "東京は日本の首都です。",
            "私は毎朝コーヒーを飲みます。",
            "ありがとうございます、とても助かりました。",
            "안녕하세요, 만나서 반갑습니다.",
            "서울은 한국의 수도입니다.",
            "春眠不觉晓，处处闻啼鸟。");

    private static final List<String> EMOJI = List.of("🙂", "😀", "🚀", "🦙", "❤️", "👍🏽", "🎉", "🌍", "✨", "👨‍👩‍👧");

    private static final String[] ONSETS = {"b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t",
        "v", "w", "z", "ch", "sh", "th", "br", "st", "tr", "gl", "", "qu", "ž", "ç", "ñ"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "y", "ä", "é", "ö", "ü", "ã", "ø", "ai", "ou",
        "ea", "ô", "ı", "ă"};

    private TestCorpus() {
    }

    /** About {@code chars} characters of mixed text. */
    public static String multilingual(int chars, long seed) {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(chars + 256);
        while (sb.length() < chars) {
            int kind = random.nextInt(12);
            switch (kind) {
                case 0, 1, 2, 3 -> sentences(sb, ENGLISH, random, 3 + random.nextInt(4), " ");
                case 4 -> sb.append(CODE.get(random.nextInt(CODE.size())));
                case 5, 6 -> sentences(sb, ACCENTED, random, 2 + random.nextInt(3), " ");
                case 7 -> sentences(sb, CJK, random, 2 + random.nextInt(3), "");
                case 8 -> {
                    sentences(sb, ENGLISH, random, 1, " ");
                    sb.append(' ').append(EMOJI.get(random.nextInt(EMOJI.size())));
                    sb.append(EMOJI.get(random.nextInt(EMOJI.size())));
                }
                case 10 -> madeUpWords(sb, random);
                case 11 -> madeUpCjk(sb, random);
                default -> sb.append("Order #").append(random.nextInt(100_000)).append(" costs $")
                        .append(random.nextInt(1000)).append('.').append(random.nextInt(90) + 10)
                        .append(" on ").append(2000 + random.nextInt(30)).append('-')
                        .append(1 + random.nextInt(12)).append('-').append(1 + random.nextInt(28)).append('.');
            }
            sb.append(switch (random.nextInt(6)) {
                case 0 -> "\n\n";
                case 1 -> "  ";
                case 2 -> "\n";
                default -> " ";
            });
        }
        return sb.toString();
    }

    /** Pronounceable non-words, so that a vocabulary keeps finding new pairs to merge. */
    private static void madeUpWords(StringBuilder sb, Random random) {
        int words = 4 + random.nextInt(10);
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                sb.append(random.nextInt(8) == 0 ? ", " : " ");
            }
            int syllables = 1 + random.nextInt(4);
            StringBuilder word = new StringBuilder();
            for (int i = 0; i < syllables; i++) {
                word.append(ONSETS[random.nextInt(ONSETS.length)]).append(VOWELS[random.nextInt(VOWELS.length)]);
            }
            if (w == 0 || random.nextInt(10) == 0) {
                word.setCharAt(0, Character.toUpperCase(word.charAt(0)));
            }
            sb.append(word);
        }
        sb.append('.');
    }

    /** Runs of common CJK ideographs and Hangul syllables. */
    private static void madeUpCjk(StringBuilder sb, Random random) {
        int n = 4 + random.nextInt(16);
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(random.nextInt(3) == 0 ? 0xAC00 + random.nextInt(400) : 0x4E00 + random.nextInt(1500));
        }
        sb.append(random.nextBoolean() ? "。" : "，");
    }

    private static void sentences(StringBuilder sb, List<String> pool, Random random, int count, String sep) {
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(sep);
            }
            sb.append(pool.get(random.nextInt(pool.size())));
        }
    }
}
