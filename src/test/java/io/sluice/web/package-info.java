/**
 * The web chat page ({@code src/main/resources/META-INF/resources/}) tested in a real browser: Debian's headless
 * Chromium driven by Selenium through the system chromedriver, against the server running the real embedded
 * engine and the real API gate (keys, per-key limits), which give the page its 401 and 429.
 * {@link io.sluice.web.ForcedReplies} is a test-only route for the one answer the engine cannot be made to give on
 * demand: a scripted stream with reasoning and a mid-stream error frame.
 *
 * <p>Threading: the tests drive the browser from the JUnit thread; {@code ForcedReplies} runs on the Vert.x event
 * loop and only uses timers there.
 */
package io.sluice.web;
