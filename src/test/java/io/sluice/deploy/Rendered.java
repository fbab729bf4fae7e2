package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** One kustomization, rendered once per test JVM, with look-ups the rule checks share. */
record Rendered(String dir, List<ObjectNode> objects) {

    private static final Map<String, Rendered> CACHE = new ConcurrentHashMap<>();

    static Rendered of(String dir) {
        return CACHE.computeIfAbsent(dir, d -> {
            Rendered r = new Rendered(d, Kustomize.build(Repo.ROOT.resolve(d)));
            r.writeForHumans();
            return r;
        });
    }

    static List<Rendered> all() {
        return Repo.KUSTOMIZATIONS.stream().map(Rendered::of).toList();
    }

    /** The objects keyed by kind/namespace/name, for comparing renderings. */
    static Map<String, JsonNode> byId(List<? extends JsonNode> objects) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (JsonNode o : objects) {
            String id = o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText("") + "/"
                    + o.path("metadata").path("name").asText();
            if (map.put(id, o) != null) {
                throw new IllegalStateException("two objects are " + id);
            }
        }
        return map;
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return find(kind, o -> o.path("metadata").path("name").asText().equals(name));
    }

    Optional<ObjectNode> find(String kind, Predicate<ObjectNode> test) {
        return ofKind(kind).stream().filter(test).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(dir + " renders no " + kind + " " + name));
    }

    /** target/k8s-rendered/NAME.yaml: what the checks saw, for a person to read. */
    private void writeForHumans() {
        try {
            Path out = Repo.ROOT.resolve("target/k8s-rendered");
            Files.createDirectories(out);
            StringBuilder sb = new StringBuilder();
            for (ObjectNode o : objects) {
                sb.append("---\n").append(Repo.YAML.writeValueAsString(o).replaceFirst("^---\n", ""));
            }
            Files.writeString(out.resolve(dir.replace("k8s/", "").replace('/', '-') + ".yaml"), sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
