package io.sluice.engine.embedded.template;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import jinjava.de.odysseus.el.tree.impl.Parser;

/** Jinjava's expression tree builder with {@link PythonParser} in place of its parser. */
final class PythonSyntaxBuilder extends ExtendedSyntaxBuilder {

    private static final long serialVersionUID = 1L;

    PythonSyntaxBuilder() {
        // Method calls and varargs are what Jinjava's own factory enables (JUEL's JEE6 profile).
        super(Feature.METHOD_INVOCATIONS, Feature.VARARGS);
    }

    @Override
    protected Parser createParser(String expression) {
        return new PythonParser(this, expression);
    }
}
