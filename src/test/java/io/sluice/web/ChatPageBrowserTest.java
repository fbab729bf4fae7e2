package io.sluice.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.api.Scrape;
import io.sluice.engine.embedded.EmbeddedEngine;
import io.sluice.engine.embedded.EmbeddedModelRegistry;
import io.sluice.observability.AbortReason;
import io.sluice.observability.MetricNames;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chat page in Debian's headless Chromium against the running server with the real embedded engine (random
 * weights, so the words are noise; the tests check streaming, stopping, history, figures and error handling, not
 * the words) and real API keys, so every test first enters its key when the page asks for one. Temperature 0 makes
 * every reply the same on every run.
 *
 * <p>Writes {@code target/chat-page.png}; with {@code -Dsluice.web.screenshot=docs/chat-page.png} it also refreshes
 * the README's picture.
 */
@QuarkusTest
@TestProfile(ChatPageProfile.class)
class ChatPageBrowserTest {

    /** Room for thousands of tokens (seconds of generating) with the conversation still inside the context. */
    private static final String LONG = Integer.toString(ChatPageProfile.CONTEXT - 1024);

    @TestHTTPResource("/")
    URI base;

    @Inject
    EmbeddedModelRegistry registry;

    private EmbeddedEngine engine() {
        return registry.engine().orElseThrow();
    }

    private int liveSequences() {
        return engine().runningSequences() + engine().waitingSequences();
    }

    private double clientDisconnects() {
        return clientDisconnects(Scrape.of(base));
    }

    private static double clientDisconnects(Scrape scrape) {
        return scrape.value(MetricNames.REQUESTS_ABORTED_TOTAL, MetricNames.REASON,
                AbortReason.CLIENT_DISCONNECT.label());
    }

    @Test
    void streamsInStepsStopsTheEngineAndSendsTheHistory() throws Exception {
        try (Browser browser = Browser.desktop(1280, 800)) {
            ChatPage page = new ChatPage(browser.driver, base);
            page.enterKey(ChatPageProfile.KEY, ChatPageProfile.MODEL);
            page.recordRequests();
            page.setField("temperature", "0");
            page.setField("max-tokens", LONG);

            // Shift+Enter is a new line, not a send
            page.type("Tell me\na long story");
            assertEquals("Tell me\na long story", page.promptValue());
            assertEquals(0, page.replyCount(), "Shift+Enter sent nothing");

            // Enter sends; the reply grows in several steps while it is still streaming; Stop ends it mid-reply
            page.pressEnter();
            WebElement first = page.lastReply();
            assertGrowsInSteps(page, first);
            assertEquals(1, liveSequences(), "the engine is generating the reply");
            double disconnects = clientDisconnects();
            page.find("#stop").click();
            assertEquals("stopped", page.waitForEnd(5));
            assertEngineLetGo(disconnects);
            String partial = page.replyText(first);
            assertEquals("Stopped.", page.note(first));
            Map<String, Object> stoppedFigures = page.figures(first);
            assertTrue(((Number) stoppedFigures.get("tokens-so-far")).intValue() < Integer.parseInt(LONG),
                    stoppedFigures.toString());
            assertNull(first.getDomAttribute("data-finish"), "no finish chunk: stopped before the end");
            Thread.sleep(200);
            assertEquals(partial, page.replyText(first), "nothing more arrives after Stop");

            // A reply that runs to its end, with the figures from the usage chunk; the history went with it
            page.setField("max-tokens", "48");
            page.type("And then?");
            page.pressEnter();
            assertEquals("done", page.waitForEnd(30));
            WebElement second = page.lastReply();
            Map<String, Object> figures = page.figures(second);
            assertTrue(number(figures, "ttft") > 0, figures.toString());
            int completion = (int) number(figures, "completion-tokens");
            assertTrue(completion >= 1 && completion <= 48, figures.toString());
            assertTrue(number(figures, "prompt-tokens") > 10, figures.toString());
            // the follow-up turn starts with the first turn's tokens, which prefix caching kept
            assertTrue(number(figures, "cached-tokens") > 0
                    && number(figures, "cached-tokens") < number(figures, "prompt-tokens"), figures.toString());
            if (completion > 1) {
                assertTrue(number(figures, "tokens-per-second") > 0, figures.toString());
            }

            List<Map<String, Object>> bodies = page.sentBodies();
            assertEquals(2, bodies.size());
            Map<String, Object> sent = bodies.get(1);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> messages = (List<Map<String, Object>>) sent.get("messages");
            assertEquals(3, messages.size(), messages.toString());
            assertEquals(Map.of("role", "user", "content", "Tell me\na long story"), messages.get(0));
            assertEquals("assistant", messages.get(1).get("role"));
            assertEquals(partial, ((String) messages.get(1).get("content")).replaceAll("^\n+|\n+$", ""),
                    "the stopped reply goes back as it was shown (the page trims blank lines at its ends)");
            assertEquals(Map.of("role", "user", "content", "And then?"), messages.get(2));
            assertEquals(ChatPageProfile.MODEL, sent.get("model"));
            assertEquals(true, sent.get("stream"));
            assertEquals(Map.of("include_usage", true), sent.get("stream_options"));
            assertEquals(0L, ((Number) sent.get("temperature")).longValue());
            assertEquals(48L, ((Number) sent.get("max_tokens")).longValue());

            page.find("#settings summary").click(); // close the settings so the conversation fills the picture
            screenshot(browser, "chat-page.png", System.getProperty("sluice.web.screenshot"));

            // New chat forgets the history; Escape stops a reply too
            page.find("#new-chat").click();
            assertEquals(0, page.replyCount());
            page.setField("max-tokens", LONG);
            page.find("#prompt").click();
            page.type("Once more, at length");
            page.pressEnter();
            WebElement third = page.lastReply();
            page.waiting(10).withMessage(() -> "tokens in the reply after New chat: " + third.getText())
                    .until(d -> page.figures(third).get("tokens-so-far") instanceof Number n && n.intValue() >= 3);
            assertEquals("streaming", page.state(third));
            disconnects = clientDisconnects();
            page.find("#prompt").sendKeys(Keys.ESCAPE);
            assertEquals("stopped", page.waitForEnd(5));
            assertEngineLetGo(disconnects);
            assertEquals(List.of(Map.of("role", "user", "content", "Once more, at length")),
                    page.sentBodies().get(2).get("messages"));
            assertNoScriptErrors(browser);
        }
    }

    @Test
    void asksForAKeyOn401AndSaysWhenToRetryOn429OnAPhoneScreen() throws Exception {
        try (Browser browser = Browser.phone(390, 844)) {
            ChatPage page = new ChatPage(browser.driver, base);
            // the server has keys and the page none: it is refused at once and asks for one
            page.waitForKeyRequest();
            assertEquals("api-key", page.js("return document.activeElement.id"), "the key field has the focus");
            assertFitsTheScreen(page);

            // a wrong key is refused with the server's real 401
            page.recordRequests();
            page.setField("api-key", "sk-not-a-key");
            page.waitForKeyRequest();
            page.find("#prompt").click();
            page.type("Hello");
            page.pressEnter();
            assertEquals("error", page.waitForEnd(5));
            WebElement refused = page.lastReply();
            assertEquals("401", refused.getDomAttribute("data-status"));
            assertTrue(page.note(refused).startsWith("This server needs an API key. Enter it under Settings"),
                    page.note(refused));
            assertEquals("api-key", page.js("return document.activeElement.id"), "the key field has the focus");
            assertEquals("Hello", page.promptValue(), "the unanswered message is given back");

            // a real key whose budget for the minute is spent gets the server's real 429 with Retry-After
            page.setField("api-key", ChatPageProfile.KEY_LIMITED);
            page.waitForModel(ChatPageProfile.MODEL);
            page.waiting(5).until(d -> !page.find("#notice").isDisplayed());
            spendBudget(ChatPageProfile.KEY_LIMITED);
            page.find("#prompt").click();
            page.pressEnter();
            assertEquals("error", page.waitForEnd(5));
            WebElement busy = page.lastReply();
            assertEquals("429", busy.getDomAttribute("data-status"));
            Map<String, Object> answer = page.answers().getLast();
            assertEquals(429L, ((Number) answer.get("status")).longValue(), answer.toString());
            assertNotNull(answer.get("retryAfter"), "the 429 says when to retry: " + answer);
            long retryAfter = Long.parseLong((String) answer.get("retryAfter"));
            assertTrue(retryAfter > 1 && retryAfter <= 60 / ChatPageProfile.REQUESTS_PER_MINUTE, answer.toString());
            assertTrue(page.note(busy).startsWith("The server is busy right now. Try again in " + retryAfter
                    + " seconds (at "), page.note(busy));
            assertFitsTheScreen(page);
            screenshot(browser, "chat-page-phone.png", null);

            page.driver.navigate().refresh();
            page.waitForModel(ChatPageProfile.MODEL);
            assertEquals(ChatPageProfile.KEY_LIMITED, page.find("#api-key").getDomProperty("value"),
                    "the key is kept in local storage");
            assertNoScriptErrors(browser);
        }
    }

    @Test
    void showsReasoningApartCodeAsCodeAndModelHtmlAsTextAndAnErrorFrameWhereTheReplyStopped() throws Exception {
        try (Browser browser = Browser.desktop(1024, 800)) {
            ChatPage page = new ChatPage(browser.driver, base);
            page.enterKey(ForcedReplies.KEY_SCRIPTED, ChatPageProfile.MODEL);
            page.find("#prompt").click();
            page.type("Show me a loop");
            page.pressEnter();
            assertEquals("error", page.waitForEnd(20));
            WebElement reply = page.lastReply();

            WebElement reasoning = reply.findElement(By.cssSelector("details.reasoning"));
            assertTrue(reasoning.isDisplayed());
            assertNull(reasoning.getDomAttribute("open"), "reasoning starts collapsed");
            assertEquals(ForcedReplies.SCRIPT_REASONING,
                    page.js("return arguments[0].querySelector('.reasoning-body').textContent", reply));

            String text = page.replyText(reply);
            assertTrue(text.startsWith("Here is " + ForcedReplies.SCRIPT_INJECTION + " as text."), text);
            assertTrue(text.endsWith(ForcedReplies.SCRIPT_TAIL), "UTF-8 split across reads arrives whole: " + text);
            assertFalse(text.contains("keep-alive") || text.contains(ForcedReplies.SCRIPT_REASONING), text);
            assertEquals(0L, page.js("return document.querySelectorAll('.msg img, .msg b').length"),
                    "model output never becomes HTML");
            assertEquals("Sluice chat", page.driver.getTitle());
            assertEquals(ForcedReplies.SCRIPT_CODE,
                    page.js("return arguments[0].querySelector('.body pre code').textContent", reply));
            assertEquals("python", page.js("return arguments[0].querySelector('.body pre').dataset.lang", reply));

            assertEquals("The reply stopped here: " + ForcedReplies.SCRIPT_ERROR, page.note(reply));
            assertEquals("alert", page.js("return arguments[0].querySelector('.note').getAttribute('role')", reply));
            assertEquals(true, page.js("""
                    const body = arguments[0].querySelector('.body'), note = arguments[0].querySelector('.note');
                    return !!(body.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING);""", reply),
                    "the error is shown after the text, where the reply stopped");

            reasoning.findElement(By.tagName("summary")).click();
            assertTrue(reasoning.findElement(By.cssSelector(".reasoning-body")).isDisplayed(),
                    "reasoning opens on demand");
            screenshot(browser, "chat-page-scripted.png", null);
            assertNoScriptErrors(browser);
        }
    }

    /** Polls the reply's text while it streams until it has grown in at least three separate steps. */
    private static void assertGrowsInSteps(ChatPage page, WebElement reply) {
        int steps = 0;
        int last = 0;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (steps < 3) {
            assertEquals("streaming", page.state(reply), "still streaming after " + steps + " steps");
            assertTrue(System.nanoTime() < deadline, "the reply did not grow in steps");
            int length = page.replyText(reply).length();
            if (length > last) {
                steps++;
                last = length;
            }
        }
    }

    /** The sequence is gone from the engine and the server counted one more client disconnect than before. */
    private void assertEngineLetGo(double disconnectsBefore) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (liveSequences() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, liveSequences(), "the server saw the disconnect and dropped the sequence");
        Scrape after = Scrape.await(base, 5_000, scrape -> clientDisconnects(scrape) > disconnectsBefore);
        assertEquals(disconnectsBefore + 1, clientDisconnects(after),
                "sluice_requests_aborted_total{reason=\"client_disconnect\"} counted the Stop");
    }

    /** Spends the key's whole request budget for the minute with short requests, each of them still answered. */
    private void spendBudget(String key) {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < ChatPageProfile.REQUESTS_PER_MINUTE; i++) {
                HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + key)
                        .timeout(Duration.ofSeconds(20))
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":1}"""
                                .formatted(ChatPageProfile.MODEL)))
                        .build();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), "within the budget: " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertFitsTheScreen(ChatPage page) {
        assertEquals(true, page.js("return document.documentElement.scrollWidth <= window.innerWidth"),
                "no sideways scrolling");
        for (String id : List.of("prompt", "send", "stop", "model")) {
            assertEquals(true, page.js("""
                    const r = document.getElementById(arguments[0]).getBoundingClientRect();
                    return r.left >= 0 && r.right <= window.innerWidth && r.top >= 0 && r.bottom <= window.innerHeight
                        && r.width > 0;""", id), id + " is on the screen");
        }
    }

    /** Console errors other than the failed loads the error tests cause on purpose. */
    private static void assertNoScriptErrors(Browser browser) {
        List<String> errors = browser.driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("Failed to load resource"))
                .toList();
        assertEquals(List.of(), errors);
    }

    private static double number(Map<String, Object> figures, String name) {
        Object value = figures.get(name);
        assertTrue(value instanceof Number, name + " in " + figures);
        return ((Number) value).doubleValue();
    }

    /** Saves what the browser shows under target/, and also at {@code copy} when that is set. */
    private static void screenshot(Browser browser, String name, String copy) throws IOException {
        Path shot = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
        if (copy != null && !copy.isBlank()) {
            Files.copy(shot, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
