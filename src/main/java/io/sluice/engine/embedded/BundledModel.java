package io.sluice.engine.embedded;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The demo model that travels inside the build ({@code models/sluice-demo.gguf} on the class path, with its SHA-256
 * beside it). The engine loads files, so the resource is copied once into a cache folder and reused while its hash
 * matches; a corrupt or stale copy is replaced.
 */
final class BundledModel {

    static final String RESOURCE = "models/sluice-demo.gguf";
    static final String ID = "sluice-demo";

    private static final Logger LOG = Logger.getLogger(BundledModel.class);

    private BundledModel() {
    }

    /** The cached copy of the bundled model, or empty when this build carries none. */
    static Optional<Path> extract(Path cacheDir) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream hashIn = loader.getResourceAsStream(RESOURCE + ".sha256")) {
            if (hashIn == null || loader.getResource(RESOURCE) == null) {
                return Optional.empty();
            }
            String expected = new String(hashIn.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+")[0];
            Path target = cacheDir.resolve("sluice-demo-" + expected.substring(0, 16) + ".gguf");
            if (Files.exists(target) && expected.equals(sha256(target))) {
                return Optional.of(target);
            }
            Files.createDirectories(cacheDir);
            Path temp = Files.createTempFile(cacheDir, "sluice-demo", ".part");
            try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = sha256(temp);
            if (!expected.equals(actual)) {
                Files.deleteIfExists(temp);
                throw new IllegalStateException("bundled model " + RESOURCE + " has SHA-256 " + actual
                        + " but its .sha256 says " + expected + ": the build is corrupt");
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.infof("bundled model copied to %s", target);
            return Optional.of(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the bundled model in " + cacheDir, e);
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
