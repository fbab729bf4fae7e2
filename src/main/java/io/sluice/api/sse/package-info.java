/**
 * Server-sent events as exact bytes: {@code data: <one line>\n\n} frames, {@code : keep-alive\n\n} comments
 * (heartbeats), the headers that keep proxies from buffering, and the signal a streaming responder needs from the
 * socket: whether its bounded write queue is full (a slow reader). That the client closed is seen through the
 * request's exchange.
 *
 * <p>Threading: an {@link io.sluice.api.sse.SseStream} belongs to its request's Vert.x event loop; call it only there.
 */
package io.sluice.api.sse;
