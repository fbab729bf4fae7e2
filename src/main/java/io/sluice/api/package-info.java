/**
 * The HTTP edge: Vert.x Web routes on Quarkus's router for the OpenAI API ({@code /v1/chat/completions},
 * {@code /v1/completions}, {@code /v1/models}) and the token endpoints ({@code /tokenize}, {@code /detokenize});
 * the one error table ({@link io.sluice.api.ErrorTable}); and the responders that write a request's events as SSE
 * frames or as one JSON body.
 *
 * <p>Every request first gets its id ({@code x-request-id}); an API request then passes CORS, then the gate (drain,
 * API key, the key's request budget), then the body-size check, and only then is read. From the gate on, its
 * {@code Exchange} watches the response's end and the client's going, and the {@link io.sluice.api.Drain} can reach
 * its responder. A SIGTERM drains ({@link io.sluice.api.SigtermDrain}) before the process exits 0.
 *
 * <p>Why raw routes rather than JAX-RS: a streaming answer must be exact bytes ({@code data: } with its space, no
 * {@code event:}/{@code id:} lines) and must be sent to clients that say {@code Accept: application/json} while
 * asking for a stream (the official OpenAI SDKs do). A JAX-RS SSE method answers those 406 and its writer drops the
 * space; a route writing chunks to {@code HttpServerResponse} has neither problem, and sees the socket's write queue
 * (backpressure) and close (cancellation) directly.
 *
 * <p>Threading: route handlers and responders run on the request's Vert.x event loop and never block it. Parsing
 * and tokenizing go to a worker thread ({@code executeBlocking}); engine events arrive on engine threads and are
 * handed back to the event loop ({@code runOnContext}) before anything touches the response, so each response has one
 * owner thread.
 */
package io.sluice.api;
