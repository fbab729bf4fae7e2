/**
 * Typed configuration: one {@code @ConfigMapping} interface per prefix under {@code sluice.*} (env {@code SLUICE_*}),
 * defaults on the interface, every key listed in the README's config table. Holds no logic.
 *
 * <p>Threading: mappings are immutable and read from any thread.
 */
package io.sluice.config;
