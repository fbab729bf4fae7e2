/** Sluice: a reactive streaming inference server. */
package io.sluice;
