package org.parley.signaling.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.browser.ConsoleMessage;
import org.parley.signaling.browser.StaticResourceServer;

/**
 * Every page of the web apps (found as {@link WebCatalogueTest} finds them) in each of the six languages, in
 * real headless Chromium, served as files (no meeting: the pages stop at "needs an invitation" or at
 * their join form): i18n.js loads the page's catalogues, every marked element and attribute gets text
 * (never its key, never nothing), the root element carries the language and its direction, the status
 * line a script wrote is a text of that language's catalogues, and no script fails. Each page in Arabic is
 * kept as a screenshot under target/screenshots for a layout review.
 */
@Timeout(180)
class PageLanguagesChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\w+}");

    /** Elements and attributes the catalogue did not fill: a key shown as itself, or an empty text. */
    private static final String UNFILLED = """
            (() => {
              const bad = [];
              document.querySelectorAll('[data-i18n]').forEach((el) => {
                const text = el.textContent.trim();
                if (!text || text === el.dataset.i18n) bad.push(el.dataset.i18n);
              });
              document.querySelectorAll('[data-i18n-attr]').forEach((el) => {
                for (const pair of el.dataset.i18nAttr.split(',')) {
                  const [attr, key] = pair.split(':').map((s) => s.trim());
                  const value = el.getAttribute(attr);
                  if (!value || value === key) bad.push(attr + ':' + key);
                }
              });
              return bad;
            })()""";

    /** A catalogue text as a pattern: its {placeholders} stand for anything. */
    private static Pattern template(String text) {
        StringBuilder pattern = new StringBuilder();
        int at = 0;
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            pattern.append(Pattern.quote(text.substring(at, placeholder.start()))).append(".*");
            at = placeholder.end();
        }
        return Pattern.compile(pattern.append(Pattern.quote(text.substring(at))).toString(), Pattern.DOTALL);
    }

    @Test
    void everyPageShowsEveryLanguageFromItsCatalogues() throws Exception {
        List<WebCatalogueTest.Page> pages = WebCatalogueTest.pages().toList();
        try (StaticResourceServer files = StaticResourceServer.start("web");
             Chromium chromium = Chromium.launch()) {
            for (WebCatalogueTest.Page page : pages) {
                for (String language : WebCatalogueTest.LANGUAGES) {
                    String where = page.file() + "?lang=" + language;
                    try (BrowserPage tab = chromium.newPage()) {
                        tab.navigate(files.url(page.file()) + "?lang=" + language);
                        tab.waitFor("document.documentElement.dataset.i18nReady !== undefined", TIMEOUT);
                        assertEquals(language, tab.evaluate("document.documentElement.lang").asText(), where);
                        assertEquals(language.equals("ar") ? "rtl" : "ltr", tab.evaluate("document.documentElement.dir").asText(), where);
                        assertEquals("[]", tab.evaluate(UNFILLED).toString(), where + ": shown without catalogue text");
                        assertEquals("visible", tab.evaluate("getComputedStyle(document.body).visibility").asText(), where);
                        JsonNode languageSwitch = tab.evaluate("(() => { const s = document.querySelector("
                                + "'select[data-language-switch], [data-language-switch] select');"
                                + " return {value: s.value, options: s.options.length, label: s.labels[0].textContent}; })()");
                        assertEquals(language, languageSwitch.get("value").asText(), where);
                        assertEquals(WebCatalogueTest.LANGUAGES.size(), languageSwitch.get("options").asInt(), where);
                        assertTrue(!languageSwitch.get("label").asText().isBlank(), where + ": the switch has no label");

                        Map<String, String> messages = new HashMap<>(WebCatalogueTest.catalogue("common", language));
                        messages.putAll(WebCatalogueTest.catalogue(page.name(), language));
                        // What a script wrote in the status line before any server answered: a catalogue text.
                        String status = tab.evaluate("(document.getElementById('status') || {}).textContent || ''").asText();
                        assertTrue(status.isEmpty() || messages.values().stream().anyMatch(text -> template(text).matcher(status).matches()),
                                where + ": the status line is no text of the page's catalogues: " + status);
                        String title = messages.get("page.title");
                        if (title != null) {
                            assertEquals(title, tab.evaluate("document.title").asText(), where);
                        }
                        // Failing requests (a page that asks an API with no credentials) are the page's business;
                        // a script that throws, or says it failed, is not.
                        List<String> errors = tab.consoleMessages().stream()
                                .filter(message -> "exception".equals(message.source())
                                        || "console".equals(message.source()) && "error".equals(message.level()))
                                .map(ConsoleMessage::toString).toList();
                        assertTrue(errors.isEmpty(), where + " logged errors: " + errors);
                        if (language.equals("ar")) {
                            Files.createDirectories(SCREENSHOTS);
                            tab.call("Page.bringToFront", null);
                            tab.screenshotWholePage(SCREENSHOTS.resolve(page.name() + "-ar-page.png"), 1280, 600);
                        }
                    }
                }
            }
        }
    }
}
