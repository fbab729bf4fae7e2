package io.sluice.engine.embedded.kernels;

/** How the kernels compute: with the Vector API, or with the plain-Java reference loops. */
public enum KernelBackend {
    /** {@code jdk.incubator.vector} kernels (chosen when the module is present and vectors are at least 128 bits). */
    VECTOR,
    /** Scalar reference kernels: always available, and the oracle the vector kernels are tested against. */
    SCALAR
}
