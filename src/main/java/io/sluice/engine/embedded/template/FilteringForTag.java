package io.sluice.engine.embedded.template;

import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.util.ForLoop;
import com.hubspot.jinjava.util.ObjectIterator;
import com.hubspot.jinjava.util.ObjectTruthValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jinjava's {@code for} tag plus Jinja2's loop filter, {@code {% for key, val in tool.items() if key != "return" %}}
 * (Mistral's tool templates). Jinjava reads {@code seq if cond} as a conditional expression, evaluates the condition
 * before the loop variable exists and iterates over nothing, silently. Here the items are filtered first and the
 * loop then runs over the survivors, so {@code loop.index} and {@code loop.last} count only those, as in Jinja2.
 */
final class FilteringForTag extends ForTag {

    private static final long serialVersionUID = 1L;

    @Override
    public String interpretUnchecked(TagNode tagNode, JinjavaInterpreter interpreter) {
        var varsAndExpression = getLoopVarsAndExpression((TagToken) tagNode.getMaster());
        LoopFilter split = LoopFilter.split(varsAndExpression.getRight());
        if (split == null) {
            return super.interpretUnchecked(tagNode, interpreter);
        }
        List<String> loopVars = varsAndExpression.getLeft();
        Object collection = interpreter.resolveELExpression(split.iterable(), tagNode.getLineNumber());
        List<Object> kept = new ArrayList<>();
        ForLoop items = ObjectIterator.getLoop(collection);
        try (var scope = interpreter.enterScope()) {
            while (items.hasNext()) {
                Object item = items.next();
                bind(loopVars, interpreter.wrap(item), interpreter);
                if (ObjectTruthValue.evaluate(
                        interpreter.resolveELExpression(split.condition(), tagNode.getLineNumber()))) {
                    kept.add(item);
                }
            }
        }
        return renderForCollection(tagNode, interpreter, loopVars, kept);
    }

    /** Binds one item to the loop variables the way Jinjava's loop does: whole, or unpacked from a pair or list. */
    private static void bind(List<String> loopVars, Object item, JinjavaInterpreter interpreter) {
        if (loopVars.size() == 1) {
            interpreter.getContext().put(loopVars.getFirst(), item);
            return;
        }
        List<?> parts = switch (item) {
            case Map.Entry<?, ?> e -> java.util.Arrays.asList(e.getKey(), e.getValue());
            case List<?> l -> l;
            default -> throw new InterpretException("cannot unpack " + TemplateTypeError.typeName(item)
                    + " into " + loopVars.size() + " loop variables");
        };
        for (int i = 0; i < loopVars.size(); i++) {
            interpreter.getContext().put(loopVars.get(i), i < parts.size() ? parts.get(i) : null);
        }
    }

    /** A loop expression split at its top-level {@code if}: {@code iterable if condition}. */
    record LoopFilter(String iterable, String condition) {

        /** Null when the expression has no top-level {@code if}, the common case. */
        static LoopFilter split(String expression) {
            int depth = 0;
            char quote = 0;
            for (int i = 0; i < expression.length(); i++) {
                char c = expression.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                } else if (depth == 0 && expression.startsWith("if", i) && isBoundary(expression, i - 1)
                        && isBoundary(expression, i + 2)) {
                    return new LoopFilter(expression.substring(0, i).trim(), expression.substring(i + 2).trim());
                }
            }
            return null;
        }

        private static boolean isBoundary(String s, int i) {
            return i < 0 || i >= s.length() || Character.isWhitespace(s.charAt(i));
        }
    }
}
