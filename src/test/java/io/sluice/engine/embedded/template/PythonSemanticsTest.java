package io.sluice.engine.embedded.template;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Python building blocks on their own, against values printed by CPython 3.11 ({@code repr}, {@code str}
 * methods, slicing, {@code json.dumps}): edge cases the template-level tests do not reach.
 */
class PythonSemanticsTest {

    @Test
    void floatsPrintAsPythonRepr() {
        String[][] cases = {
                {"0.1", "0.1"}, {"1e-05", "1.0E-5"}, {"0.0001", "1.0E-4"}, {"1e+16", "1.0E16"},
                {"1000000000000000.0", "1.0E15"}, {"123456789.125", "123456789.125"}, {"-2.5e-10", "-2.5E-10"},
                {"1.5e+300", "1.5E300"}, {"5e-324", "4.9E-324"}, {"100.0", "100.0"}, {"-0.0", "-0.0"}};
        for (String[] c : cases) {
            assertEquals(c[0], PythonJson.floatRepr(Double.parseDouble(c[1])), c[1]);
        }
    }

    @Test
    void jsonStringsEscapeLikePython() {
        String s = "é🙂\u007f\u0001";
        assertEquals("\"\\u00e9\\ud83d\\ude42\\u007f\\u0001\"",
                PythonJson.dumps(s, PythonJson.Style.of(null, null, false, true)));
        assertEquals("\"é🙂\u007f\\u0001\"", PythonJson.dumps(s, PythonJson.Style.of(null, null, false, false)));
    }

    @Test
    void jsonRejectsWhatPythonCannotSerialize() {
        assertThrows(TemplateTypeError.class,
                () -> PythonJson.dumps(new Object(), PythonJson.Style.of(null, null, false, false)));
    }

    @Test
    void splitMatchesPython() {
        assertEquals(List.of("a", "b", "c"), PythonStrings.split(" a\tb\n c  ", null, -1));
        assertEquals(List.of("a", "b  c"), PythonStrings.split("a  b  c", null, 1));
        assertEquals(List.of("a  b", "c"), PythonStrings.rsplit("a  b  c ", null, 1));
        assertEquals(List.of("a", "b", "c"), PythonStrings.rsplit("a,b,c", ",", 5));
        assertEquals(List.of("", "a", ""), PythonStrings.split(",a,", ",", -1));
        assertThrows(TemplateTypeError.class, () -> PythonStrings.split("abc", "", -1));
    }

    @Test
    void caseAndReplaceMatchPython() {
        assertEquals("Hello World-Foo_Bar 2Nd", PythonStrings.title("hello wORLD-foo_bar 2nd"));
        assertEquals("-a-b-c-", PythonStrings.replace("abc", "", "-", -1));
        assertEquals("bba", PythonStrings.replace("aaa", "a", "b", 2));
        assertEquals("-a-aa", PythonStrings.replace("aaa", "", "-", 2));
    }

    @Test
    void stripUsesPythonWhitespaceOrTheGivenCharacters() {
        assertEquals("hi", PythonStrings.strip("\u00a0 hi \u3000", null, true, true));
        assertEquals("hi", PythonStrings.strip("xxhixx", "x", true, true));
        assertEquals("hixx", PythonStrings.strip("xxhixx", "x", true, false));
    }

    @Test
    void methodCallsCheckTheirArguments() {
        assertEquals(true, PythonStrings.call("abc", "startswith", new Object[] {"b", 1L}).orElseThrow());
        assertEquals(false, PythonStrings.call("abc", "startswith", new Object[] {"a", -2L}).orElseThrow());
        assertEquals(true, PythonStrings.call("abc", "endswith", new Object[] {"b", 0L, 2L}).orElseThrow());
        assertEquals(4, PythonStrings.call("abc", "count", new Object[] {""}).orElseThrow());
        assertThrows(TemplateTypeError.class, () -> PythonStrings.call("abc", "startswith", new Object[] {1L}));
        assertThrows(TemplateTypeError.class, () -> PythonStrings.call("abc", "upper", new Object[] {"x"}));
        assertEquals(true, PythonStrings.call("abc", "no_such_method", new Object[0]).isEmpty());
    }

    @Test
    void slicesFollowPythonsIndexRules() {
        List<Integer> l = List.of(0, 1, 2, 3, 4, 5);
        assertEquals(List.of(5, 4, 3, 2, 1, 0), PythonSlice.slice(l, null, null, -1));
        assertEquals(List.of(4, 2), PythonSlice.slice(l, 4, 1, -2));
        assertEquals(l, PythonSlice.slice(l, -100, 100, null));
        assertEquals(List.of(5, 4, 3, 2, 1), PythonSlice.slice(l, 5, 0, -1));
        assertEquals(List.of(5, 3, 1), PythonSlice.slice(l, null, null, -2));
        assertEquals(List.of(1, 3), PythonSlice.slice(l, 1, -1, 2));
        assertEquals(List.of(), PythonSlice.slice(l, 100, null, null));
        assertEquals(List.of(5, 2), PythonSlice.slice(l, -1, -7, -3));
        assertEquals("🙂olléh", PythonSlice.slice("héllo🙂", null, null, -1));
        assertEquals("🙂", PythonSlice.slice("héllo🙂", -1, null, null));
        assertThrows(TemplateTypeError.class, () -> PythonSlice.slice(l, null, null, 0));
    }

    @Test
    void lstripBlocksRemovesOnlyLineLeadingWhitespace() {
        assertEquals("{{ a }} {% if b %}", LstripBlocks.apply("{{ a }} {% if b %}"));
        assertEquals("x\n{% if b %}\n{# c #}", LstripBlocks.apply("x\n  \t{% if b %}\n   {# c #}"));
        assertEquals("{{ '  {% no' }}", LstripBlocks.apply("{{ '  {% no' }}"));
        assertEquals("  {% if b %}", LstripBlocks.apply("  {%+ if b %}"));
        assertEquals("{% raw %}\n\n  {% x %}\n{% endraw %}", LstripBlocks.apply("{% raw %}\n  {% x %}\n  {% endraw %}"));
    }
}
