/**
 * Health for orchestrators, at {@code /q/health/live} and {@code /q/health/ready} (SmallRye Health). Both read
 * volatile flags only, never the engine, so they answer at once even while a long prefill keeps every engine thread
 * busy. Neither needs an API key.
 */
package io.sluice.api.health;
