package io.sluice.engine.embedded.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The vector kernels at 128 bits (NEON-class machines), checked in a child JVM limited with
 * {@code -XX:MaxVectorSize=16}: the species are fixed once per JVM, so another width needs another JVM. This
 * machine's own width is covered by the other tests.
 */
class NarrowVectorsTest {

    @Test
    void kernelsAt128BitsAgreeWithScalarAndAreBatchInvariant() throws Exception {
        assumeTrue(Kernels.backend() == KernelBackend.VECTOR && Kernels.vectorBits() > 128,
                "this JVM already runs 128-bit kernels");
        String output = runChild("-XX:MaxVectorSize=16");
        assertTrue(output.contains("OK 128"), output);
    }

    @Test
    void systemPropertyForcesTheScalarBackend() throws Exception {
        String output = runChild("-Dsluice.kernels=scalar");
        assertTrue(output.contains("SKIP no vector backend") && output.contains("SCALAR backend"), output);
    }

    /**
     * Runs {@link DifferentialMain} in a child JVM with one extra option. C1 only (-XX:TieredStopAtLevel=1): the
     * checks are about our lane bookkeeping, which the Vector API's Java implementation runs exactly as the
     * intrinsics do, and C1 keeps the child under two seconds.
     */
    private static String runChild(String option) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--add-modules", "jdk.incubator.vector", option,
                "-XX:TieredStopAtLevel=1", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), DifferentialMain.class.getName()))
                .redirectErrorStream(true).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, "child JVM timed out: " + output);
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
