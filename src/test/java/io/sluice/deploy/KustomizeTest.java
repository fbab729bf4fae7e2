package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every kustomization renders, and renders as Kustomize itself does where kubectl or kustomize is installed. */
class KustomizeTest {

    static final List<String> KUSTOMIZATIONS = Repo.KUSTOMIZATIONS;

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void rendersWithoutErrors(String dir) {
        Rendered r = Rendered.of(dir);
        assertTrue(r.find("Deployment", "sluice").isPresent(), dir + " renders the sluice Deployment");
    }

    @ParameterizedTest
    @FieldSource("KUSTOMIZATIONS")
    void rendersTheSameObjectsAsKustomize(String dir) {
        Optional<List<String>> tool = kustomizeCommand();
        assumeTrue(tool.isPresent(), "neither kustomize nor kubectl with kustomize is installed: the Java rendering "
                + "is not cross-checked here");
        List<String> command = new ArrayList<>(tool.get());
        command.add(dir);
        Tools.Result result = Tools.run(Repo.ROOT, Duration.ofSeconds(60), command);
        assertTrue(result.ok(), () -> String.join(" ", command) + ":\n" + result.output());
        List<JsonNode> theirs = parseYamlStream(result.output());

        Map<String, JsonNode> expected = Rendered.byId(theirs);
        Map<String, JsonNode> actual = Rendered.byId(Rendered.of(dir).objects());
        assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(actual.keySet()),
                "objects of " + dir);
        expected.forEach((id, object) -> assertEquals(object, actual.get(id), id));
    }

    @Test
    void hashSuffixesMatchKustomizesKnownAnswers(@TempDir Path dir) throws IOException {
        // Names kubectl kustomize (v5.5) gave for these generators, including characters Go's JSON escapes.
        Files.writeString(dir.resolve("kustomization.yaml"), """
                configMapGenerator:
                  - name: demo
                    literals:
                      - A=b
                      - HTML=<a&b>
                secretGenerator:
                  - name: demo
                    literals:
                      - token=s3cret
                """);
        Map<String, JsonNode> objects = Rendered.byId(Kustomize.build(dir));
        assertEquals(java.util.Set.of("ConfigMap//demo-5ck44htb5h", "Secret//demo-92d4dk7bd9"), objects.keySet());
        assertEquals("czNjcmV0", objects.get("Secret//demo-92d4dk7bd9").path("data").path("token").asText());
    }

    @Test
    void refusesWhatItCannotRenderFaithfully(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [cm.yaml]\ncommonLabels: {a: b}\n");
        assertRefused(dir, "'commonLabels' is not supported");

        Files.writeString(dir.resolve("kustomization.yaml"), "resources: [cm.yaml]\nnamespaces: typo\n");
        assertRefused(dir, "unknown fields [namespaces]");

        Files.writeString(dir.resolve("kustomization.yaml"), """
                resources: [cm.yaml]
                patches:
                  - target: {kind: ConfigMap, name: nothing-by-this-name}
                    patch: '[{"op": "add", "path": "/data", "value": {}}]'
                """);
        assertRefused(dir, "matches nothing");
    }

    private static void assertRefused(Path dir, String reason) {
        Exception e = assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir));
        assertTrue(e.getMessage().contains(reason), () -> "refused with '" + e.getMessage() + "', not " + reason);
    }

    /** {@code kustomize build} or {@code kubectl kustomize}, whichever is installed (and works). */
    static Optional<List<String>> kustomizeCommand() {
        Optional<java.nio.file.Path> kustomize = Tools.find("kustomize");
        if (kustomize.isPresent()) {
            return Optional.of(List.of(kustomize.get().toString(), "build"));
        }
        Optional<java.nio.file.Path> kubectl = Tools.find("kubectl");
        if (kubectl.isPresent()) {
            Tools.Result version = Tools.run(Repo.ROOT, Duration.ofSeconds(30),
                    List.of(kubectl.get().toString(), "version", "--client"));
            // kubectl bundles Kustomize v5 from 1.27 on; older ones (Debian's 1.20) have v2, which lacks 'patches'.
            if (version.ok() && version.output().matches("(?s).*Kustomize Version: v[5-9].*")) {
                return Optional.of(List.of(kubectl.get().toString(), "kustomize"));
            }
        }
        return Optional.empty();
    }

    private static List<JsonNode> parseYamlStream(String yaml) {
        try (var parser = Repo.YAML.getFactory().createParser(yaml)) {
            List<JsonNode> docs = new ArrayList<>();
            for (var it = Repo.YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc instanceof ObjectNode) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new AssertionError("kustomize printed no YAML", e);
        }
    }
}
