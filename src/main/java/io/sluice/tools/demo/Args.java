package io.sluice.tools.demo;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options; every option is required unless a default is given. */
final class Args {

    private final Map<String, String> values = new HashMap<>();
    private final String usage;

    Args(String[] args, String usage) {
        this.usage = usage;
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'\n" + usage);
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    String string(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name + "\n" + usage);
        }
        return v;
    }

    String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    Path path(String name) {
        return Path.of(string(name));
    }

    int integer(String name, int defaultValue) {
        return values.containsKey(name) ? Integer.parseInt(values.get(name)) : defaultValue;
    }
}
