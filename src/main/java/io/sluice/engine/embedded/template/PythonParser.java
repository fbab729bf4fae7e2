package io.sluice.engine.embedded.template;

import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.el.ext.StringConcatOperator;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser.ExtensionHandler;
import jinjava.de.odysseus.el.tree.impl.Parser.ExtensionPoint;
import jinjava.de.odysseus.el.tree.impl.Scanner;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstBracket;
import jinjava.de.odysseus.el.tree.impl.ast.AstDot;
import jinjava.de.odysseus.el.tree.impl.ast.AstIdentifier;
import jinjava.de.odysseus.el.tree.impl.ast.AstMethod;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstParameters;
import jinjava.de.odysseus.el.tree.impl.ast.AstProperty;
import jinjava.de.odysseus.el.tree.impl.ast.AstUnary;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELException;

import static jinjava.de.odysseus.el.tree.impl.Builder.Feature.METHOD_INVOCATIONS;
import static jinjava.de.odysseus.el.tree.impl.Builder.Feature.NULL_PROPERTIES;
import static jinjava.de.odysseus.el.tree.impl.Scanner.Symbol.COLON;
import static jinjava.de.odysseus.el.tree.impl.Scanner.Symbol.IDENTIFIER;
import static jinjava.de.odysseus.el.tree.impl.Scanner.Symbol.LPAREN;
import static jinjava.de.odysseus.el.tree.impl.Scanner.Symbol.RBRACK;

/**
 * Jinjava's expression parser, brought closer to Jinja2 where chat templates depend on it:
 * <ul>
 *   <li>slices take a step ({@code messages[::-1]}) and follow Python's rules ({@link AstSlice});</li>
 *   <li>{@code +} refuses undefined and mixed operands ({@link PythonAddition}); {@code ~} writes values as
 *       Python's {@code str()} does ({@link PythonConcat});</li>
 *   <li>{@code not} and keyword arguments bind as in Python ({@link #eq}, {@link #add});</li>
 *   <li>calling a method on an undefined value fails ({@link #createAstMethod});</li>
 *   <li>an unknown filter or test is a parse error. Jinjava would resolve it to nothing and print an empty
 *       string; Jinja2 refuses to compile the template.</li>
 * </ul>
 * Runs with natural operator precedence on (see {@link TemplateEngine}), where Jinjava applies filters and tests
 * at the unary level rather than after each postfix chain; {@link #value()} relies on that.
 */
final class PythonParser extends ExtendedParser {

    PythonParser(Builder builder, String input) {
        super(builder, input);
        putExtensionHandler(StringConcatOperator.TOKEN, new ExtensionHandler(ExtensionPoint.ADD) {
            @Override
            public AstNode createAstNode(AstNode... children) {
                return new AstBinary(children[0], children[1], PythonConcat.OP);
            }
        });
    }

    /**
     * A method call on an undefined value is an error, as in Jinja2 ({@code nothing.strip()}); JUEL answers null
     * for it, which would drop text from the prompt without a word.
     */
    @Override
    protected AstMethod createAstMethod(AstProperty property, AstParameters params) {
        return new AstMethod(property, params) {
            @Override
            public Object eval(Bindings bindings, ELContext context) {
                return eval(bindings, context, false);
            }
        };
    }

    /** Jinja2's {@code not} binds looser than comparisons and tests: {@code not x is defined} negates the test. */
    @Override
    protected AstNode eq(boolean required) throws Scanner.ScanException, ParseException {
        if (getToken().getSymbol() == Scanner.Symbol.NOT) {
            consumeToken();
            return createAstUnary(eq(true), AstUnary.NOT);
        }
        return super.eq(required);
    }

    /**
     * Sums and differences with {@link PythonAddition}, {@code ~}, and keyword arguments: the value of
     * {@code name=value} is a whole expression ({@code namespace(last=messages|length - 1)}), where Jinjava takes
     * only the next term and then subtracts 1 from the keyword argument itself.
     */
    @Override
    protected AstNode add(boolean required) throws Scanner.ScanException, ParseException {
        AstNode v = mul(required);
        if (v == null) {
            return null;
        }
        while (true) {
            Scanner.Token token = getToken();
            switch (token.getSymbol()) {
                case PLUS -> {
                    consumeToken();
                    v = createAstBinary(v, mul(true), PythonAddition.OP);
                }
                case MINUS -> {
                    consumeToken();
                    v = createAstBinary(v, mul(true), AstBinary.SUB);
                }
                case EXTENSION -> {
                    ExtensionHandler handler = getExtensionHandler(token);
                    if (handler == null || handler.getExtensionPoint() != ExtensionPoint.ADD) {
                        return v;
                    }
                    consumeToken();
                    v = handler.createAstNode(v, "=".equals(token.getImage()) ? expr(true) : mul(true));
                }
                default -> {
                    return v;
                }
            }
        }
    }

    @Override
    protected AstDot createAstDot(AstNode base, String property, boolean lvalue) {
        if (base instanceof AstIdentifier id) {
            checkRegistered(id.getName(), property);
        }
        return super.createAstDot(base, property, lvalue);
    }

    /** Filters and tests arrive as {@code filter:NAME.filter(...)} and {@code exptest:NAME.evaluate(...)}. */
    private static void checkRegistered(String identifier, String property) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        if (interpreter == null) {
            return;
        }
        if (identifier.startsWith(FILTER_PREFIX) && property.equals("filter")) {
            String name = identifier.substring(FILTER_PREFIX.length());
            if (interpreter.getContext().getFilter(name) == null) {
                throw new ELException("no filter named '" + name + "'");
            }
        } else if (identifier.startsWith(EXPTEST_PREFIX)
                && (property.equals("evaluate") || property.equals("evaluateNegated"))) {
            String name = identifier.substring(EXPTEST_PREFIX.length());
            if (interpreter.getContext().getExpTest(name) == null) {
                throw new ELException("no test named '" + name + "'");
            }
        }
    }

    /** A value followed by any chain of {@code .name}, {@code .name(args)}, {@code [index]} and slices. */
    @Override
    protected AstNode value() throws Scanner.ScanException, ParseException {
        boolean lvalue = true;
        AstNode v = nonliteral();
        if (v == null) {
            v = literal();
            if (v == null) {
                return null;
            }
            lvalue = false;
        }
        while (true) {
            switch (getToken().getSymbol()) {
                case DOT -> {
                    consumeToken();
                    String name = consumeToken(IDENTIFIER).getImage();
                    AstDot dot = createAstDot(v, name, lvalue);
                    v = getToken().getSymbol() == LPAREN && context.isEnabled(METHOD_INVOCATIONS)
                            ? createAstMethod(dot, params())
                            : dot;
                }
                case LBRACK -> {
                    consumeToken();
                    AstNode first = expr(false);
                    if (getToken().getSymbol() == COLON) {
                        consumeToken();
                        AstNode stop = expr(false);
                        AstNode step = null;
                        if (getToken().getSymbol() == COLON) {
                            consumeToken();
                            step = expr(false);
                        }
                        consumeToken(RBRACK);
                        v = new AstSlice(v, first, stop, step);
                    } else {
                        consumeToken(RBRACK);
                        AstBracket bracket = createAstBracket(v, first, lvalue, !context.isEnabled(NULL_PROPERTIES));
                        v = getToken().getSymbol() == LPAREN && context.isEnabled(METHOD_INVOCATIONS)
                                ? createAstMethod(bracket, params())
                                : bracket;
                    }
                }
                default -> {
                    return v;
                }
            }
        }
    }
}
