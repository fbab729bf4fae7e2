package io.sluice.engine.embedded.template;

import com.hubspot.jinjava.el.ext.AdditionOperator;
import com.hubspot.jinjava.objects.SafeString;
import jinjava.de.odysseus.el.misc.TypeConverter;

/**
 * Jinja's {@code +} with Python's refusals. Jinjava's {@code +} turns an undefined operand into the text "null"
 * ({@code 'x' + eos_token} with no EOS token gives {@code "xnull"}) and glues strings to numbers; Python raises a
 * {@code TypeError} for both, and so do we, so a template that relies on a missing value fails loudly instead of
 * putting "null" into the prompt.
 */
final class PythonAddition extends AdditionOperator {

    static final PythonAddition OP = new PythonAddition();

    private PythonAddition() {
    }

    @Override
    protected Object apply(TypeConverter converter, Object left, Object right) {
        boolean leftText = isText(left);
        boolean rightText = isText(right);
        if (left == null || right == null || leftText != rightText) {
            throw new TemplateTypeError("unsupported operand types for +: " + TemplateTypeError.typeName(left)
                    + " and " + TemplateTypeError.typeName(right));
        }
        return super.apply(converter, left, right);
    }

    private static boolean isText(Object value) {
        return value instanceof CharSequence || value instanceof SafeString;
    }
}
