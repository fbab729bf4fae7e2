/**
 * Quantized weight formats and the kernels that multiply by them: the hot path of the embedded engine.
 *
 * <p>What it owns:
 * <ul>
 *   <li>one class per ggml format ({@link io.sluice.engine.embedded.kernels.F32}, {@code F16}, {@code BF16},
 *       {@code Q8_0}, {@code Q4_0}, {@code Q4_K}, {@code Q6_K}, and {@code Q8_K}, the activation format of the
 *       K-quants), each with the reference quantizer (byte-identical to ggml's {@code quantize_row_*_ref}) and an
 *       exact dequantizer;</li>
 *   <li>{@link io.sluice.engine.embedded.kernels.WeightMatrix}: a 2-D weight tensor copied into heap arrays in the
 *       layout the kernels stream best (two rows interleaved per block), multiplied by one or many activation rows
 *       with llama.cpp's numerics (activations rounded to the format's {@code vec_dot_type} first);</li>
 *   <li>{@link io.sluice.engine.embedded.kernels.KernelPool}: the fixed pool (calling thread plus spinning workers)
 *       that every parallel kernel runs on;</li>
 *   <li>{@link io.sluice.engine.embedded.kernels.VectorMath}: the small dense helpers of the forward pass.</li>
 * </ul>
 *
 * <p>Every SIMD path has a scalar reference next to it, and {@link io.sluice.engine.embedded.kernels.Kernels#backend()}
 * picks one of the two once per JVM. Vector code lives only in the package-private {@code Vector*} classes and
 * {@code Simd}, so the scalar backend runs without {@code jdk.incubator.vector}.
 *
 * <p>Threading: all of this runs on the engine's own threads (the engine loop, which calls into a
 * {@code KernelPool}, and the pool's workers), never on the Vert.x event loop. Weight matrices are immutable after
 * loading and may be read by any thread; one {@code multiply} call at a time per pool uses the workers, a concurrent
 * or nested call runs on its caller alone. Activation scratch buffers are per calling thread.
 */
package io.sluice.engine.embedded.kernels;
