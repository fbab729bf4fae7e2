package io.sluice.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The chat page as a person uses it: typing, keys, buttons; reads what is on the screen. */
final class ChatPage {

    final WebDriver driver;

    ChatPage(WebDriver driver, URI base) {
        this.driver = driver;
        driver.get(base.toString());
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebDriverWait waiting(int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds), Duration.ofMillis(10));
        return wait;
    }

    /** Waits until the model picker lists {@code id}. */
    void waitForModel(String id) {
        waiting(10).withMessage("model " + id + " in the picker")
                .until(d -> all("#model option").stream().anyMatch(o -> id.equals(o.getAttribute("value"))));
    }

    void openSettings() {
        if (find("#settings").getAttribute("open") == null) {
            find("#settings summary").click();
        }
    }

    /** Replaces a settings field's value by typing, then leaves it (which fires its change event). */
    void setField(String id, String value) {
        openSettings();
        WebElement field = find("#" + id);
        field.click();
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(value, Keys.TAB);
    }

    /** Types into the message box; {@code \n} in text is typed as Shift+Enter. */
    void type(String text) {
        WebElement prompt = find("#prompt");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                prompt.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
            }
            prompt.sendKeys(lines[i]);
        }
    }

    void pressEnter() {
        find("#prompt").sendKeys(Keys.ENTER);
    }

    String promptValue() {
        return find("#prompt").getDomProperty("value");
    }

    WebElement lastReply() {
        List<WebElement> replies = all(".msg.assistant");
        return replies.isEmpty() ? null : replies.getLast();
    }

    int replyCount() {
        return all(".msg.assistant").size();
    }

    String state(WebElement reply) {
        return reply.getDomAttribute("data-state");
    }

    /** Waits for the newest reply to leave the streaming state; returns the state it reached. */
    String waitForEnd(int seconds) {
        waiting(seconds).withMessage("the reply to end").until(d -> !"streaming".equals(state(lastReply())));
        return state(lastReply());
    }

    String replyText(WebElement reply) {
        return reply.findElement(By.cssSelector(".body")).getDomProperty("textContent");
    }

    String note(WebElement reply) {
        return reply.findElement(By.cssSelector(".note")).getDomProperty("textContent");
    }

    /** The figures under a reply, by name (ttft, tokens-per-second, prompt-tokens, …) to their numbers. */
    @SuppressWarnings("unchecked")
    Map<String, Object> figures(WebElement reply) {
        return (Map<String, Object>) js("""
                const figures = {};
                for (const f of arguments[0].querySelectorAll('.figure')) {
                  figures[f.dataset.figure] = Number(f.dataset.value);
                }
                return figures;""", reply);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits until the page says it needs an API key (it asks as soon as the server refuses it one). */
    void waitForKeyRequest() {
        waiting(10).withMessage(() -> "the page to ask for an API key; its notice says: " + find("#notice").getText())
                .until(d -> find("#notice").isDisplayed() && find("#notice").getText().contains("needs an API key"));
    }

    /** Enters {@code key} the way a person does when the page asks for one, and waits for it to list {@code model}. */
    void enterKey(String key, String model) {
        waitForKeyRequest();
        setField("api-key", key);
        waitForModel(model);
        waiting(5).until(d -> !find("#notice").isDisplayed());
    }

    /**
     * From now on, every request body the page sends is kept in {@code window.sentBodies}, and the status and
     * {@code Retry-After} of the answer to each in {@code window.answers} (test instrumentation).
     */
    void recordRequests() {
        js("""
                window.sentBodies = [];
                window.answers = [];
                const original = window.fetch;
                window.fetch = async (url, options) => {
                  const sending = !!(options && options.body);
                  if (sending) window.sentBodies.push(JSON.parse(options.body));
                  const response = await original(url, options);
                  if (sending) {
                    window.answers.push({status: response.status, retryAfter: response.headers.get('Retry-After')});
                  }
                  return response;
                };""");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> sentBodies() {
        return (List<Map<String, Object>>) js("return window.sentBodies;");
    }

    /** The answers to the recorded requests so far: {@code status} and {@code retryAfter} (null when absent). */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> answers() {
        return (List<Map<String, Object>>) js("return window.answers;");
    }
}
