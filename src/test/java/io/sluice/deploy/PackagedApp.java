package io.sluice.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged server, {@code target/quarkus-app}. {@code mvn test} runs before {@code package}, so it exists only
 * where a package build left it, or under CI, whose {@code fast-jar-before-tests} profile (pom.xml) builds it ahead
 * of the tests. Checks that need it are skipped where it is missing or older than the compiled classes, except
 * under CI, where that is a failure.
 */
final class PackagedApp {

    private PackagedApp() {
    }

    static void assumeFresh(String what) {
        String problem = problem();
        if (problem == null) {
            return;
        }
        if (Repo.onCi()) {
            fail(problem + " under CI: the fast-jar-before-tests profile should have built it (" + what + ")");
        }
        assumeTrue(false, problem + ": skipping " + what + " (run `mvn package -DskipTests` first to include it)");
    }

    private static String problem() {
        Path runner = Repo.QUARKUS_APP.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            return "target/quarkus-app is absent";
        }
        try (Stream<Path> appJars = Files.list(Repo.QUARKUS_APP.resolve("app"));
             Stream<Path> classes = Files.walk(Repo.ROOT.resolve("target/classes"))) {
            FileTime built = appJars.map(PackagedApp::modified).max(FileTime::compareTo).orElse(modified(runner));
            FileTime compiled = classes.filter(Files::isRegularFile).map(PackagedApp::modified)
                    .max(FileTime::compareTo).orElse(FileTime.fromMillis(0));
            return compiled.compareTo(built) > 0 ? "target/quarkus-app is older than target/classes" : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
