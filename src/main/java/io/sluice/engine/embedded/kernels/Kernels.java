package io.sluice.engine.embedded.kernels;

import org.jboss.logging.Logger;

/**
 * The kernel backend, decided once per JVM when this class initialises and logged once.
 *
 * <p>{@code -Dsluice.kernels=scalar} forces the scalar reference kernels. Otherwise the Vector API kernels are used
 * when {@code jdk.incubator.vector} is in the boot layer and the preferred species is at least 128 bits. The kernels
 * use at most 256-bit vectors: their shapes are built around 32-weight blocks widened to 16-bit lanes, and on
 * AVX-512 machines of this class (Zen 4) 512-bit operations are double-pumped 256-bit ones anyway.
 */
public final class Kernels {

    private static final Logger LOG = Logger.getLogger(Kernels.class);

    private static final KernelBackend BACKEND;
    private static final int VECTOR_BITS;

    static {
        String forced = System.getProperty("sluice.kernels", "").trim();
        int preferred = forced.equalsIgnoreCase("scalar") ? 0 : preferredBits();
        if (preferred >= 128) {
            BACKEND = KernelBackend.VECTOR;
            VECTOR_BITS = Math.min(preferred, 256);
            LOG.infof("Kernels: VECTOR backend, %d-bit vectors (preferred species %d bits)", VECTOR_BITS, preferred);
        } else {
            BACKEND = KernelBackend.SCALAR;
            VECTOR_BITS = 0;
            LOG.infof("Kernels: SCALAR backend (%s)", forced.equalsIgnoreCase("scalar")
                    ? "forced by -Dsluice.kernels=scalar"
                    : preferred < 0 ? "jdk.incubator.vector is not in the boot layer"
                    : "preferred vector species is only " + preferred + " bits");
        }
    }

    private Kernels() {
    }

    /** The backend every weight matrix and {@link VectorMath} uses unless a test asks for another. */
    public static KernelBackend backend() {
        return BACKEND;
    }

    /** Width of the vectors the VECTOR backend uses (128 or 256), or 0 on the scalar backend. */
    public static int vectorBits() {
        return VECTOR_BITS;
    }

    /** Preferred vector size in bits, or -1 when the incubator module is absent. */
    private static int preferredBits() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return -1;
        }
        try {
            return Simd.preferredBits();
        } catch (LinkageError e) {
            return -1;
        }
    }
}
