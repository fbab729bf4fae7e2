package io.sluice.engine.embedded.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tojson} as Hugging Face defines it: {@code json.dumps(x, ensure_ascii=False, indent=None,
 * separators=None, sort_keys=False)}, the arguments given by position or by name. Replaces Jinjava's filter of the
 * same name (see {@link PythonJson} for why).
 */
final class ToJsonFilter implements Filter {

    private static final List<String> PARAMETERS = List.of("ensure_ascii", "indent", "separators", "sort_keys");

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return filter(var, interpreter, (Object[]) args, Map.of());
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        if (args.length > PARAMETERS.size()) {
            throw new TemplateTypeError("tojson takes at most " + PARAMETERS.size() + " arguments");
        }
        Object[] given = new Object[PARAMETERS.size()];
        System.arraycopy(args, 0, given, 0, args.length);
        for (Map.Entry<String, Object> kw : kwargs.entrySet()) {
            int at = PARAMETERS.indexOf(kw.getKey());
            if (at < 0) {
                throw new TemplateTypeError("tojson got an unexpected argument '" + kw.getKey() + "'");
            }
            given[at] = kw.getValue();
        }
        boolean ensureAscii = given[0] instanceof Boolean b && b;
        String indent = switch (given[1]) {
            case null -> null;
            case Number n -> " ".repeat(n.intValue());
            case CharSequence s -> s.toString();
            default -> throw new TemplateTypeError("tojson: indent must be an int or a str");
        };
        List<String> separators = given[2] == null ? null : separators(given[2]);
        boolean sortKeys = given[3] instanceof Boolean b && b;
        return PythonJson.dumps(var, PythonJson.Style.of(indent, separators, sortKeys, ensureAscii));
    }

    private static List<String> separators(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Iterable<?> items) {
            items.forEach(item -> out.add(String.valueOf(item)));
        }
        if (out.size() != 2) {
            throw new TemplateTypeError("tojson: separators must be a pair of strings");
        }
        return out;
    }
}
