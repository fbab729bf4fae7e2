package io.sluice.engine.embedded.kernels;

/** Placeholder (replaced by the kernels branch). */
public enum KernelBackend { VECTOR, SCALAR }
