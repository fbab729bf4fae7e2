package io.sluice.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * docker/Dockerfile without a Docker engine: the rules it must keep, its start command (the README's), the files
 * its COPY lines take (present, and admitted by docker/Dockerfile.dockerignore), and a lint by dockerfile-utils
 * (npm) where npm is available.
 */
class DockerfileTest {

    static final String LINTER = "dockerfile-utils@0.16.3";

    final Dockerfile dockerfile = Dockerfile.load();

    @Test
    void followsTheImageRules() {
        String text = Repo.read(Repo.DOCKER.resolve("Dockerfile"));
        assertFalse(text.contains("<<"), "no heredocs (Dockerfile.java does not parse them)");
        Set<String> stageNames = new HashSet<>();
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            String image = stage.image();
            assertTrue(image.matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+(@sha256:[0-9a-f]{64})?"),
                    "FROM " + image + " names a tag");
            assertFalse(image.endsWith(":latest"), "FROM " + image + " pins a version, not latest");
            if (stage.name() != null) {
                assertTrue(stageNames.add(stage.name()), "stage names are unique");
            }
            for (Dockerfile.Instruction i : stage.instructions()) {
                String where = "line " + i.line() + ": ";
                assertFalse(Set.of("ADD", "MAINTAINER").contains(i.keyword()), where + "COPY, not ADD; no MAINTAINER");
                if (i.keyword().equals("WORKDIR")) {
                    assertTrue(i.args().startsWith("/"), where + "WORKDIR is absolute");
                }
                if (i.keyword().equals("COPY") && i.flags().containsKey("from")) {
                    assertTrue(stageNames.contains(i.flags().get("from")), where + "COPY --from an earlier stage");
                }
                if (i.keyword().equals("RUN")) {
                    assertFalse(i.args().matches(".*(^|&&|;)\\s*cd\\s.*"), where + "WORKDIR, not cd");
                    assertFalse(i.args().contains("apt-get upgrade") || i.args().contains("sudo "), where);
                    if (i.args().contains("apt-get install")) {
                        assertTrue(i.args().contains("--no-install-recommends")
                                && i.args().contains("rm -rf /var/lib/apt/lists"), where + "lean apt-get install");
                    }
                }
            }
        }
        Dockerfile.Stage runtime = dockerfile.finalStage();
        assertTrue(dockerfile.userId() > 0, "the server does not run as root");
        assertNotNull(runtime.last("ENTRYPOINT").execForm(), "ENTRYPOINT in exec form: java is PID 1 and gets SIGTERM");
        assertNull(runtime.last("CMD"), "no CMD to be appended to the start command");
        assertEquals(List.of("8080"), runtime.last("EXPOSE").words());

        Dockerfile.Instruction health = runtime.last("HEALTHCHECK");
        assertNotNull(health, "the image has a HEALTHCHECK");
        assertTrue(health.flags().keySet().containsAll(Set.of("interval", "timeout", "start-period")),
                "HEALTHCHECK sets interval, timeout and a start period for the model load");
        assertTrue(health.args().startsWith("CMD ["), "HEALTHCHECK CMD in exec form");
        String script = health.args().replaceAll("^CMD \\[\"([^\"]+)\".*$", "$1");
        Dockerfile.Instruction copied = runtime.all("COPY").stream()
                .filter(c -> c.words().getLast().endsWith("/" + script)).findFirst()
                .orElseThrow(() -> new AssertionError("the healthcheck command " + script + " is copied in"));
        assertTrue(Repo.read(Repo.ROOT.resolve(copied.words().getFirst())).contains("/q/health/live"),
                "the healthcheck asks /q/health/live");

        Map<String, String> env = runtime.env();
        assertTrue(env.get("JAVA_TOOL_OPTIONS").contains("-XX:MaxRAMPercentage="), "heap sized from the memory limit");
        assertFalse(env.get("JAVA_TOOL_OPTIONS").contains("-Xmx"), "no fixed -Xmx overriding the percentage");
        assertNotNull(env.get("HOME"), "HOME is set: the bundled model is copied under $HOME/.cache");
        assertEquals("/opt/java", env.get("JAVA_HOME"));

        String jlink = dockerfile.stage("build").all("RUN").stream().map(Dockerfile.Instruction::args)
                .filter(a -> a.startsWith("jlink")).findFirst().orElseThrow(() -> new AssertionError("a jlink RUN"));
        assertTrue(jlink.contains("docker/runtime-modules") && jlink.contains("--output /opt/java"), jlink);
        assertTrue(RuntimeImage.modules().containsAll(List.of("jdk.incubator.vector", "jdk.unsupported")),
                "the runtime carries the Vector API and sun.misc (SIGTERM drain)");
    }

    @Test
    void startCommandIsTheReadmes() {
        List<String> entrypoint = dockerfile.finalStage().last("ENTRYPOINT").execForm();
        assertEquals("java", entrypoint.getFirst(), "the runtime's java, on PATH");
        assertEquals(Repo.readmeStartCommand(), entrypoint.subList(1, entrypoint.size()),
                "the image runs exactly the README's command");
        assertEquals("/opt/sluice", dockerfile.finalStage().workdir(),
                "relative to /opt/sluice, where target/quarkus-app is copied");
    }

    @Test
    void copySourcesExistAndPassTheDockerignore() throws IOException {
        DockerIgnore ignore = DockerIgnore.parse(Repo.DOCKER.resolve("Dockerfile.dockerignore"));
        Dockerfile.Stage build = dockerfile.stage("build");
        List<String> afterPackage = new ArrayList<>();
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            for (Dockerfile.Instruction copy : stage.all("COPY")) {
                List<String> words = copy.words();
                List<String> sources = words.subList(0, words.size() - 1);
                String from = copy.flags().get("from");
                for (String source : sources) {
                    if (from == null) {
                        Path path = Repo.ROOT.resolve(source);
                        assertTrue(Files.exists(path), "COPY " + source + " exists in the build context");
                        try (Stream<Path> files = Files.walk(path)) {
                            for (Path f : files.filter(Files::isRegularFile).toList()) {
                                String rel = Repo.ROOT.relativize(f).toString();
                                assertTrue(ignore.includes(rel), rel + " is admitted by Dockerfile.dockerignore");
                            }
                        }
                    } else if (source.startsWith(build.workdir() + "/")) {
                        afterPackage.add(source.substring(build.workdir().length() + 1));
                    } else {
                        assertTrue(dockerfile.stage(from).all("RUN").stream()
                                .anyMatch(r -> r.args().contains("--output " + source.replaceAll("/$", ""))),
                                "COPY --from=" + from + " " + source + " is produced by a RUN of that stage");
                    }
                }
            }
        }
        for (String excluded : List.of("target/quarkus-app/quarkus-run.jar", ".git/HEAD", "src/test/java/X.java",
                "models/local.gguf", "k8s/base/kustomization.yaml")) {
            assertFalse(ignore.includes(excluded), excluded + " stays out of the build context");
        }
        assertFalse(afterPackage.isEmpty());
        PackagedApp.assumeFresh("the fast-jar paths the image copies out of the build stage");
        for (String rel : afterPackage) {
            assertTrue(Files.exists(Repo.ROOT.resolve(rel)), rel + " exists after mvn package");
        }
        try (Stream<Path> top = Files.list(Repo.QUARKUS_APP)) {
            Set<String> copied = new HashSet<>();
            afterPackage.forEach(p -> copied.add(Path.of(p).getFileName().toString()));
            for (Path p : top.toList()) {
                String name = p.getFileName().toString();
                assertTrue(copied.contains(name) || name.endsWith(".txt"),
                        "target/quarkus-app/" + name + " is copied into the image");
            }
        }
    }

    @Test
    void healthcheckScriptIsValidBash() {
        Tools.Result result = Tools.run(Repo.ROOT, Duration.ofSeconds(20),
                List.of("bash", "-n", "docker/healthcheck"));
        assertTrue(result.ok(), result.output());
        assertTrue(Files.isExecutable(Repo.DOCKER.resolve("healthcheck")), "docker/healthcheck is executable");
    }

    @Test
    void lintsCleanWithDockerfileUtils() throws IOException {
        Path linter = installLinter();
        Tools.Result clean = Tools.run(Repo.ROOT, Duration.ofSeconds(60),
                List.of(linter.toString(), "lint", "docker/Dockerfile"));
        assertTrue(clean.ok() && clean.output().isBlank(), "dockerfile-utils lint docker/Dockerfile:\n" + clean.output());

        Path bad = Files.createTempFile("Dockerfile", ".bad");
        try {
            Files.writeString(bad, "FROM ubuntu:24.04\nHEALTHCHECK --interval=x CMD true\nCOPY a\n");
            Tools.Result dirty = Tools.run(Repo.ROOT, Duration.ofSeconds(60), List.of(linter.toString(), "lint",
                    bad.toString()));
            assertFalse(dirty.ok(), "the linter does find errors:\n" + dirty.output());
        } finally {
            Files.deleteIfExists(bad);
        }
    }

    /** dockerfile-utils from the npm registry, installed once into target/dockerfile-lint. */
    private static Path installLinter() {
        Path dir = Repo.ROOT.resolve("target/dockerfile-lint");
        Path bin = dir.resolve("node_modules/.bin/dockerfile-utils");
        if (Files.isExecutable(bin)) {
            return bin;
        }
        if (Tools.find("npm").isEmpty()) {
            if (Repo.onCi()) {
                fail("npm is needed to lint the Dockerfile under CI");
            }
            assumeTrue(false, "npm is not installed: the Dockerfile is not linted here");
        }
        Tools.Result install = Tools.run(Repo.ROOT, Duration.ofMinutes(3), List.of("npm", "install", "--no-save",
                "--no-audit", "--no-fund", "--prefix", dir.toString(), LINTER));
        if (!install.ok() || !Files.isExecutable(bin)) {
            if (Repo.onCi()) {
                fail("npm install " + LINTER + " failed:\n" + install.output());
            }
            assumeTrue(false, "npm install " + LINTER + " failed: the Dockerfile is not linted here");
        }
        return bin;
    }
}
