package io.sluice.engine.embedded.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.ExpressionToken;
import com.hubspot.jinjava.tree.parse.TagToken;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.tree.TreeStore;
import jinjava.de.odysseus.el.tree.impl.Cache;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELException;
import jinjava.javax.el.ExpressionFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one Jinjava set up to behave like the Jinja2 sandbox Hugging Face renders chat templates in. Immutable after
 * construction and shared by every {@link ChatTemplate}; each parse and render gets its own interpreter and context.
 *
 * <p>What is set, and why:
 * <ul>
 *   <li>{@code trim_blocks} and {@code lstrip_blocks}, as transformers sets them (the latter by
 *       {@link LstripBlocks}, since Jinjava's version strips more than Jinja2's);</li>
 *   <li>nested interpretation off: Jinjava would otherwise render template syntax found in a message's content;</li>
 *   <li>Jinja2 semantics where Jinjava keeps legacy behaviour for compatibility: iterating a mapping yields its
 *       keys, {@code {{-} trims like {@code {%-}, dict keys are expressions, operators bind like Python's (and
 *       {@link PythonParser} relies on that), {@code {{x}}} needs no inner spaces;</li>
 *   <li>Python string methods ({@link StringMethodResolver}), slices with steps, a strict {@code +}, unknown
 *       filters rejected ({@link PythonParser}); values printed as Python's {@code str()}
 *       ({@link PythonOutputStrategy});</li>
 *   <li>the globals {@code raise_exception} and {@code strftime_now}, Python's {@code tojson}, Jinja2's
 *       {@code items} filter, loop filters ({@code for x in xs if ...}) and HF's {@code generation} tag;</li>
 *   <li>no loading of other templates: {@code include}, {@code import} and {@code extends} fail.</li>
 * </ul>
 */
final class TemplateEngine {

    static final TemplateEngine INSTANCE = new TemplateEngine();

    /** A chat prompt is at most a few megabytes; this bounds a runaway template's output. */
    private static final long MAX_OUTPUT_CHARS = 64L * 1024 * 1024;

    private final JinjavaConfig config;
    private final PythonicJinjava jinjava;

    private TemplateEngine() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new StringMethodResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                // Jinja2's lstrip_blocks is applied by LstripBlocks: Jinjava's strips before every tag.
                .withLstripBlocks(false)
                .withNestedInterpretationEnabled(false)
                .withFailOnUnknownTokens(false)
                .withMaxOutputSize(MAX_OUTPUT_CHARS)
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withEvaluateMapKeys(true)
                        .withIterateOverMapKeys(true)
                        .withUsePyishObjectMapper(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withAllowAdjacentTextNodes(true)
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withKeepNullableLoopValues(true)
                        // Not withWhitespaceRequiredWithinTokens: Jinja2 accepts {{x}}.
                        .build())
                .build();
        jinjava = new PythonicJinjava(config);
        jinjava.setResourceLocator((name, encoding, interpreter) -> {
            throw new IOException("a chat template cannot load other templates ('" + name + "')");
        });
        // Functions reach expressions through the global context only (Jinjava copies them into each EL context).
        jinjava.registerFunction(new ELFunctionDefinition("", "raise_exception", TemplateGlobals.class,
                "raiseException", Object.class));
        jinjava.registerFunction(new ELFunctionDefinition("", "strftime_now", TemplateGlobals.class,
                "strftimeNow", String.class));
    }

    /** The names bound as {@link TemplateGlobals.Marker}s so that {@code name is defined} holds, as in HF. */
    static final List<String> GLOBAL_FUNCTIONS = List.of("raise_exception", "strftime_now");

    /** A parsed template, or the errors that stop it from being one. */
    record Parsed(Node root, List<Problem> problems) {
    }

    /** One error from Jinjava, kept in plain terms: what went wrong, where, and the exception behind it. */
    record Problem(String message, int line, Throwable cause) {
    }

    /** The output of a render, or the errors that make it unusable. */
    record Rendered(String output, List<Problem> problems) {
    }

    /**
     * Parses {@code source} and pre-parses every expression in it, so syntax errors and unknown filters surface now
     * rather than on the first request that reaches them.
     */
    Parsed parse(String source) {
        return withInterpreter(Map.of(), interpreter -> {
            Node root;
            try {
                root = interpreter.parse(LstripBlocks.apply(source));
            } catch (RuntimeException e) {
                List<Problem> problems = problems(interpreter.getErrorsCopy());
                problems.add(new Problem(e.getMessage(), interpreter.getLineNumber(), e));
                return new Parsed(null, problems);
            }
            List<Problem> problems = problems(interpreter.getErrorsCopy());
            if (problems.isEmpty()) {
                precheck(root, problems);
            }
            return new Parsed(root, problems);
        });
    }

    /** Renders a parsed tree; Jinjava records errors instead of throwing, so they come back with the output. */
    Rendered render(Node root, Map<String, Object> bindings) {
        return withInterpreter(bindings, interpreter -> {
            try {
                String output = interpreter.render(root, false);
                return new Rendered(output, problems(interpreter.getErrorsCopy()));
            } catch (RuntimeException e) {
                // Most failures are recorded as errors; a few (an include, a loop over a broken tag) escape.
                List<Problem> problems = problems(interpreter.getErrorsCopy());
                problems.add(new Problem(e.getMessage(), interpreter.getLineNumber(), e));
                return new Rendered("", problems);
            }
        });
    }

    private <T> T withInterpreter(Map<String, Object> bindings, Function<JinjavaInterpreter, T> work) {
        // A fresh root per call: Jinjava records every resolved name in all ancestor contexts, so a shared
        // parent would grow without bound and be written by many threads at once.
        Context root = new Context();
        root.registerFilter(new ToJsonFilter());
        root.registerFilter(new ItemsFilter());
        root.registerTag(new FilteringForTag());
        root.registerTag(new GenerationTag());
        Context context = new Context(root, bindings);
        // Read by the tree parser, which stores it in every expression node it builds.
        context.setExpressionStrategy(new PythonOutputStrategy());
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, context, config);
        JinjavaInterpreter.pushCurrent(interpreter);
        try {
            return work.apply(interpreter);
        } finally {
            JinjavaInterpreter.popCurrent();
        }
    }

    /** Parses (without binding functions, which happens per render) each expression under {@code node}. */
    private void precheck(Node node, List<Problem> problems) {
        for (String expression : expressionsOf(node)) {
            try {
                jinjava.expressionTrees.get("#{" + expression + "}");
            } catch (ELException e) {
                problems.add(new Problem("cannot parse '" + expression.strip() + "': " + e.getMessage(),
                        node.getLineNumber(), e));
            }
        }
        for (Node child : node.getChildren()) {
            precheck(child, problems);
        }
    }

    /** The expressions a node evaluates, where they can be told apart from the tag's own syntax. */
    private static List<String> expressionsOf(Node node) {
        List<String> out = new ArrayList<>();
        if (node instanceof ExpressionNode && node.getMaster() instanceof ExpressionToken token) {
            out.add(token.getExpr());
        } else if (node instanceof TagNode tag && tag.getMaster() instanceof TagToken token) {
            String helpers = tag.getHelpers();
            switch (tag.getTag().getName()) {
                case "if", "elif" -> out.add(helpers);
                case "for" -> {
                    if (tag.getTag() instanceof FilteringForTag forTag) {
                        String loop = forTag.getLoopVarsAndExpression(token).getRight();
                        FilteringForTag.LoopFilter split = FilteringForTag.LoopFilter.split(loop);
                        out.add(split == null ? loop : split.iterable());
                        if (split != null) {
                            out.add(split.condition());
                        }
                    }
                }
                case "set" -> {
                    int at = assignmentAt(helpers);
                    if (at >= 0) {
                        out.add(helpers.substring(at + 1));
                    }
                }
                default -> {
                }
            }
        }
        out.removeIf(String::isBlank);
        return out;
    }

    /** The index of the {@code =} of {@code name = value}, outside strings and brackets; -1 for a block set. */
    private static int assignmentAt(String helpers) {
        char quote = 0;
        int depth = 0;
        for (int i = 0; i < helpers.length(); i++) {
            char c = helpers.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if ("([{".indexOf(c) >= 0) {
                depth++;
            } else if (")]}".indexOf(c) >= 0) {
                depth--;
            } else if (c == '=' && depth == 0) {
                boolean partOfOperator = (i + 1 < helpers.length() && helpers.charAt(i + 1) == '=')
                        || (i > 0 && "=!<>".indexOf(helpers.charAt(i - 1)) >= 0);
                if (!partOfOperator) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * The errors that make a result unusable: all of them except a missing attribute of a present object, which
     * Jinja2 also treats as undefined ({@code message.tool_calls} on a plain message).
     */
    private static List<Problem> problems(List<TemplateError> errors) {
        List<Problem> out = new ArrayList<>();
        for (TemplateError e : errors) {
            boolean undefinedAttribute = e.getSeverity() == TemplateError.ErrorType.WARNING
                    && e.getItem() == TemplateError.ErrorItem.PROPERTY
                    && e.getCategory() == com.hubspot.jinjava.interpret.errorcategory.BasicTemplateErrorCategory
                            .UNKNOWN_PROPERTY;
            if (!undefinedAttribute) {
                out.add(new Problem(e.getMessage(), e.getLineno(), e.getException()));
            }
        }
        return out;
    }

    /** Jinjava with {@link PythonSyntaxBuilder} behind every expression it evaluates. */
    private static final class PythonicJinjava extends Jinjava {

        /** Parsed expressions, cached by text; shared with the factory so a precheck also warms the cache. */
        final TreeStore expressionTrees = new TreeStore(new PythonSyntaxBuilder(), new Cache(1000));
        private final ExpressionFactory expressions =
                new ExpressionFactoryImpl(expressionTrees, new TruthyTypeConverter());

        PythonicJinjava(JinjavaConfig config) {
            super(config);
        }

        @Override
        public ExpressionFactory getExpressionFactory() {
            return expressions;
        }
    }
}
