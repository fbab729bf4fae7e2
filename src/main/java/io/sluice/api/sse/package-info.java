/**
 * Server-sent events as exact bytes: {@code data: <one line>\n\n} frames, {@code : comment\n\n} lines (heartbeats),
 * the headers that keep proxies from buffering, and the two signals a streaming responder needs from the socket:
 * whether its write queue is full (slow reader) and whether it closed (client gone).
 *
 * <p>Threading: an {@link io.sluice.api.sse.SseStream} belongs to its request's Vert.x event loop; call it only there.
 */
package io.sluice.api.sse;
