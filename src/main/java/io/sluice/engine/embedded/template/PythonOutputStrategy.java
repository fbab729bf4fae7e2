package io.sluice.engine.embedded.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.expression.ExpressionStrategy;
import com.hubspot.jinjava.tree.output.RenderedOutputNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;

/**
 * How {@code {{ expr }}} turns its value into text: Python's {@code str()} ({@link PythonStrings#str}), so a boolean
 * prints {@code True} as in Jinja2 rather than Jinjava's {@code true}. No nested interpretation and no escaping:
 * message content is data and goes into the prompt byte for byte.
 */
final class PythonOutputStrategy implements ExpressionStrategy {

    private static final long serialVersionUID = 1L;

    @Override
    public RenderedOutputNode interpretOutput(ExpressionToken master, JinjavaInterpreter interpreter) {
        Object value = interpreter.resolveELExpression(master.getExpr(), master.getLineNumber());
        return new RenderedOutputNode(PythonStrings.str(value));
    }
}
