package io.sluice.engine.embedded.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jinja2's {@code items} filter ({@code for name, value in arguments | items}, in Llama 3.1's tool-call branch),
 * which Jinjava lacks: the pairs of a mapping in order, nothing for an undefined value.
 */
final class ItemsFilter implements Filter {

    @Override
    public String getName() {
        return "items";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        if (var == null) {
            return List.of();
        }
        if (!(var instanceof Map<?, ?> map)) {
            throw new TemplateTypeError("items filter: can only get item pairs from a mapping, not "
                    + TemplateTypeError.typeName(var));
        }
        return new ArrayList<>(map.entrySet());
    }
}
