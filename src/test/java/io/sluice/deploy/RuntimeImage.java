package io.sluice.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The Java runtime the image links with jlink from docker/runtime-modules, linked here the same way from the JDK
 * running the tests (Temurin 25, like the image's build stage), so that the server can be started on exactly the
 * modules the image will have. Kept under target/ per module list, since linking takes seconds.
 */
final class RuntimeImage {

    private RuntimeImage() {
    }

    /** The module names in docker/runtime-modules. */
    static List<String> modules() {
        return Repo.read(Repo.DOCKER.resolve("runtime-modules")).lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** The runtime's home folder, linked on first use. */
    static synchronized Path link() {
        String list = String.join(",", modules());
        Path home = Repo.ROOT.resolve("target/deploy-runtime/" + sha(list).substring(0, 12));
        if (Files.isExecutable(home.resolve("bin/java"))) {
            return home;
        }
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (!Files.isExecutable(jlink)) {
            throw new IllegalStateException("the tests run on a JRE without jlink: " + System.getProperty("java.home"));
        }
        try {
            Files.createDirectories(home.getParent());
            Path partial = Files.createTempDirectory(home.getParent(), "linking");
            Files.delete(partial);
            // The image adds --compress=zip-6: it changes the size, not the modules.
            Tools.Result result = Tools.run(Repo.ROOT, Duration.ofMinutes(3), List.of(jlink.toString(),
                    "--add-modules", list, "--strip-debug", "--no-header-files", "--no-man-pages",
                    "--output", partial.toString()));
            if (!result.ok()) {
                throw new IllegalStateException("jlink failed:\n" + result.output());
            }
            Files.move(partial, home);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
