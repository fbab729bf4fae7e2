package io.sluice.engine.embedded.template;

import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstRightValue;
import jinjava.javax.el.ELContext;

import java.util.ArrayList;
import java.util.List;

/** The expression node for {@code base[start:stop:step]}; any of the three bounds may be absent (null). */
final class AstSlice extends AstRightValue {

    private final AstNode base;
    private final AstNode start;
    private final AstNode stop;
    private final AstNode step;

    AstSlice(AstNode base, AstNode start, AstNode stop, AstNode step) {
        this.base = base;
        this.start = start;
        this.stop = stop;
        this.step = step;
    }

    @Override
    public Object eval(Bindings bindings, ELContext context) {
        Object sequence = base.eval(bindings, context);
        if (sequence == null) {
            // Slicing an undefined value stays undefined, as indexing one does in Jinjava.
            return null;
        }
        return PythonSlice.slice(sequence, bound(start, bindings, context), bound(stop, bindings, context),
                bound(step, bindings, context));
    }

    private static Integer bound(AstNode node, Bindings bindings, ELContext context) {
        if (node == null) {
            return null;
        }
        Object value = node.eval(bindings, context);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return Math.toIntExact(((Number) value).longValue());
        }
        throw new TemplateTypeError("slice indices must be integers or none, not " + TemplateTypeError.typeName(value));
    }

    @Override
    public void appendStructure(StringBuilder out, Bindings bindings) {
        base.appendStructure(out, bindings);
        out.append('[');
        appendBound(out, start, bindings);
        out.append(':');
        appendBound(out, stop, bindings);
        out.append(':');
        appendBound(out, step, bindings);
        out.append(']');
    }

    private static void appendBound(StringBuilder out, AstNode node, Bindings bindings) {
        if (node != null) {
            node.appendStructure(out, bindings);
        }
    }

    private List<AstNode> children() {
        List<AstNode> children = new ArrayList<>(4);
        children.add(base);
        for (AstNode bound : new AstNode[] {start, stop, step}) {
            if (bound != null) {
                children.add(bound);
            }
        }
        return children;
    }

    @Override
    public int getCardinality() {
        return children().size();
    }

    @Override
    public AstNode getChild(int i) {
        return children().get(i);
    }

    @Override
    public String toString() {
        return "[::]";
    }
}
