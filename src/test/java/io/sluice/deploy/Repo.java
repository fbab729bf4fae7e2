package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository the tests run in, and reading its files. */
final class Repo {

    /** Surefire runs in the module's folder, which is the repository root. */
    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DOCKER = ROOT.resolve("docker");
    static final Path K8S = ROOT.resolve("k8s");
    static final Path QUARKUS_APP = ROOT.resolve("target/quarkus-app");

    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory());

    /** The Kustomize directories that must render: the base and every overlay. */
    static final List<String> KUSTOMIZATIONS = List.of("k8s/base", "k8s/overlays/cpu", "k8s/overlays/gpu-pool");

    private Repo() {
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file (empty documents dropped). */
    static List<JsonNode> yamlDocuments(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> docs = new ArrayList<>();
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static JsonNode yaml(Path file) {
        List<JsonNode> docs = yamlDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalStateException(file + " holds " + docs.size() + " YAML documents, expected one");
        }
        return docs.getFirst();
    }

    /** The project version from pom.xml (the first {@code <version>} after {@code <artifactId>sluice}). */
    static String projectVersion() {
        Matcher m = Pattern.compile("<artifactId>sluice</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(ROOT.resolve("pom.xml")));
        if (!m.find()) {
            throw new IllegalStateException("no project version in pom.xml");
        }
        return m.group(1).trim();
    }

    /**
     * The README's start command: the {@code java} line of the "Run the server" block, as arguments after the java
     * executable (which the README names as {@code $JAVA_HOME/bin/java} and the image as {@code java}).
     */
    static List<String> readmeStartCommand() {
        String readme = read(ROOT.resolve("README.md"));
        for (String line : readme.split("\n")) {
            int jar = line.indexOf("-jar target/quarkus-app/quarkus-run.jar");
            if (jar < 0) {
                continue;
            }
            Matcher m = Pattern.compile("(?:\\$JAVA_HOME/bin/|\\$\\{JAVA_HOME}/bin/|\\s|^)java\\s+(.*)$")
                    .matcher(line.substring(line.lastIndexOf("&&") + 1));
            if (m.find()) {
                return List.of(m.group(1).trim().split("\\s+"));
            }
        }
        throw new IllegalStateException("README.md has no start command with -jar target/quarkus-app/quarkus-run.jar");
    }
}
