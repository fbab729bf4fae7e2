package io.sluice.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.sluice.testing.DefaultModelProfile;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user sees after the README's run command: the chat page, in headless Chromium, talking to the bundled demo
 * model with no configuration and no key. Temperature 0, so the replies are the same on every run.
 *
 * <p>Writes {@code target/chat-page-demo.png}; with {@code -Dsluice.web.demoScreenshot=docs/chat-page-demo.png} it
 * also refreshes the README's picture.
 */
@QuarkusTest
@TestProfile(DefaultModelProfile.class)
class DemoModelChatPageTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void theBundledModelAnswersInTheChatPage() throws Exception {
        try (Browser browser = Browser.desktop(1100, 900)) {
            ChatPage page = new ChatPage(browser.driver, base);
            page.waitForModel("sluice-demo");
            page.setField("temperature", "0");

            page.type("What is the capital of Texas?");
            page.pressEnter();
            assertEquals("done", page.waitForEnd(30));
            WebElement capital = page.lastReply();
            assertTrue(page.replyText(capital).contains("Austin"), page.replyText(capital));

            page.type("Tell me a story about a fox.");
            page.pressEnter();
            assertEquals("done", page.waitForEnd(60));
            String story = page.replyText(page.lastReply());
            assertTrue(story.contains("fox") && story.length() > 100, story);

            page.find("#settings summary").click(); // fold the settings away for the picture
            Path shot = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Path.of("target", "chat-page-demo.png"), StandardCopyOption.REPLACE_EXISTING);
            String copy = System.getProperty("sluice.web.demoScreenshot");
            if (copy != null && !copy.isBlank()) {
                Files.copy(shot, Path.of(copy), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
