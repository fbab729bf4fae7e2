package io.sluice.deploy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every configuration key Sluice reads, from its {@code @ConfigMapping} interfaces in {@code io.sluice.config}, in
 * environment-variable form ({@code sluice.kvcache.memory} is {@code SLUICE_KVCACHE_MEMORY}): the manifests may set
 * only these, so a key that does not exist (yet) cannot sit in a ConfigMap looking as if it worked.
 */
final class ConfigKeys {

    private ConfigKeys() {
    }

    static Set<String> environmentNames() {
        Set<String> names = new TreeSet<>();
        Path dir = Repo.ROOT.resolve("target/classes/io/sluice/config");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String simple = f.getFileName().toString().replace(".class", "");
                if (simple.contains("$")) {
                    continue;
                }
                Class<?> type = Class.forName("io.sluice.config." + simple);
                ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
                if (mapping != null) {
                    collect(type, mapping.prefix(), names);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private static void collect(Class<?> type, String prefix, Set<String> names) {
        for (Method m : type.getMethods()) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            WithName withName = m.getAnnotation(WithName.class);
            String key = prefix + "." + (withName != null ? withName.value() : kebab(m.getName()));
            Class<?> result = m.getReturnType();
            if (result.isInterface() && result.getPackageName().equals(type.getPackageName())) {
                collect(result, key, names);
            } else {
                names.add(key.toUpperCase().replaceAll("[^A-Z0-9]", "_"));
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
