package io.sluice.engine.embedded.template;

import com.hubspot.jinjava.el.ext.StringBuildingOperator;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;

/** Jinja's {@code ~}: both sides through Python's {@code str()} ({@link PythonStrings#str}), then joined. */
final class PythonConcat extends AstBinary.SimpleOperator implements StringBuildingOperator {

    static final PythonConcat OP = new PythonConcat();

    private PythonConcat() {
    }

    @Override
    protected Object apply(TypeConverter converter, Object left, Object right) {
        return getStringBuilder().append(PythonStrings.str(left)).append(PythonStrings.str(right)).toString();
    }

    @Override
    public String toString() {
        return "~";
    }
}
