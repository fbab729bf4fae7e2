package io.sluice.engine.embedded.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Word splits on inputs where regex engines disagree: runs of spaces before a word, trailing whitespace, newlines,
 * digit grouping, contractions, non-ASCII whitespace, combining marks, CJK and emoji. Expected values follow the
 * regex semantics llama.cpp implements (the oracle tests check the same inputs end to end against llama.cpp).
 */
class PreTokenizerTest {

    private static void assertSplit(PreTokenizer pre, String text, String... expected) {
        List<String> words = pre.split(text);
        assertEquals(List.of(expected), words, () -> pre + " on '" + text + "'");
        assertEquals(text, String.join("", words));
    }

    @Test
    void gpt2LeavesOneSpaceForTheNextWord() {
        assertSplit(PreTokenizer.GPT2, "Hello world", "Hello", " world");
        assertSplit(PreTokenizer.GPT2, "a   b", "a", "  ", " b");
        assertSplit(PreTokenizer.GPT2, "  hello", " ", " hello");
        assertSplit(PreTokenizer.GPT2, "hi  ", "hi", "  ");
        assertSplit(PreTokenizer.GPT2, "hello\n\nworld", "hello", "\n", "\n", "world");
        assertSplit(PreTokenizer.GPT2, "\tx", "\t", "x");
    }

    @Test
    void gpt2ContractionsAreCaseSensitiveAndNumbersRunOn() {
        assertSplit(PreTokenizer.GPT2, "it's", "it", "'s");
        assertSplit(PreTokenizer.GPT2, "IT'S", "IT", "'", "S");
        assertSplit(PreTokenizer.GPT2, "we'll 2024", "we", "'ll", " 2024");
        assertSplit(PreTokenizer.GPT2, "x=123456;", "x", "=", "123456", ";");
    }

    @Test
    void llama3GroupsDigitsByThreeAndKeepsNewlinesTogether() {
        assertSplit(PreTokenizer.LLAMA3, "12345", "123", "45");
        assertSplit(PreTokenizer.LLAMA3, "1234567", "123", "456", "7");
        assertSplit(PreTokenizer.LLAMA3, "hello\n\nworld", "hello", "\n\n", "world");
        assertSplit(PreTokenizer.LLAMA3, "a  \n  b", "a", "  \n", " ", " b");
        assertSplit(PreTokenizer.LLAMA3, "x!!\n\ny", "x", "!!\n\n", "y");
        assertSplit(PreTokenizer.LLAMA3, "  hello", " ", " hello");
        assertSplit(PreTokenizer.LLAMA3, "end   ", "end", "   ");
    }

    @Test
    void llama3AttachesOneNonLetterBeforeAWord() {
        assertSplit(PreTokenizer.LLAMA3, "\thello", "\thello");
        assertSplit(PreTokenizer.LLAMA3, "(hello)", "(hello", ")");
        assertSplit(PreTokenizer.LLAMA3, "I'M HERE", "I", "'M", " HERE");
        assertSplit(PreTokenizer.LLAMA3, "don't", "don", "'t");
    }

    @Test
    void nonAsciiWhitespaceIsWhitespace() {
        assertSplit(PreTokenizer.LLAMA3, "a\u00A0b", "a", "\u00A0b");
        assertSplit(PreTokenizer.LLAMA3, "a\u3000\u3000b", "a", "\u3000", "\u3000b");
        assertSplit(PreTokenizer.GPT2, "a\u2003\u2003b", "a", "\u2003", "\u2003", "b");
    }

    @Test
    void lettersMarksCjkAndEmoji() {
        assertSplit(PreTokenizer.LLAMA3, "café déjà", "café", " déjà");
        assertSplit(PreTokenizer.LLAMA3, "e\u0301t\u00E9", "e", "\u0301t\u00E9");
        assertSplit(PreTokenizer.LLAMA3, "我爱北京 天安门", "我爱北京", " 天安门");
        assertSplit(PreTokenizer.LLAMA3, "hi 🙂🙂!", "hi", " 🙂🙂!");
        assertSplit(PreTokenizer.QWEN2, "🦙x", "🦙x");
        assertSplit(PreTokenizer.GPT2, "🦙x", "🦙", "x");
    }

    @Test
    void qwen2SplitsEveryDigit() {
        assertSplit(PreTokenizer.QWEN2, "x=1024;", "x", "=", "1", "0", "2", "4", ";");
        assertSplit(PreTokenizer.QWEN2, "Ⅻ٣", "Ⅻ", "٣");
    }

    @Test
    void defaultSplitsPunctuationThenWordsThenDigits() {
        assertSplit(PreTokenizer.DEFAULT, "Hello, world! 12345", "Hello", ",", " world", "!", " ", "123", "45");
        assertSplit(PreTokenizer.DEFAULT, "a+b", "a", "+", "b");
    }

    @Test
    void smollmSplitsDigitsFirst() {
        assertSplit(PreTokenizer.SMOLLM, "ab12 cd", "ab", "1", "2", " cd");
    }

    @Test
    void deepseekRegexesCompileAndSplit() {
        assertSplit(PreTokenizer.DEEPSEEK_LLM, "Hello 世界\n123", "Hello", " ", "世界", "\n", "123");
        assertSplit(PreTokenizer.DEEPSEEK3, "Hello 世界 12345", "Hello", " ", "世界", " ", "123", "45");
    }

    @Test
    void gpt4oSplitsAtCaseChangesWithLlamaCppsCollapsedLetters() {
        assertSplit(PreTokenizer.GPT4O, "HelloWorld iPhone", "Hello", "World", " i", "Phone");
        assertSplit(PreTokenizer.GPT4O, "I'M 12345", "I'M", " ", "123", "45");
        // a non-ASCII letter counts as lower case to the first alternative, which then wins with just "É"
        assertSplit(PreTokenizer.GPT4O, "ÉCOLE école", "É", "COLE", " école");
    }

    @Test
    void everyNamedPreTokenizerRoundTripsArbitraryText() {
        String text = "  Mixed: ÄÖÜ ß, 東京 123456789 🚀🚀 \r\n\t x'S  \u00A0 end  ";
        for (String name : PreTokenizer.supportedNames()) {
            PreTokenizer pre = PreTokenizer.byGgufName(name).orElseThrow();
            List<String> words = pre.split(text);
            assertEquals(text, String.join("", words), name);
            assertTrue(words.stream().noneMatch(String::isEmpty), name);
        }
    }
}
