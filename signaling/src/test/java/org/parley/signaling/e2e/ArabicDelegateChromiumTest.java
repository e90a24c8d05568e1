package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;

/**
 * The delegate page in real headless Chromium whose browser asks for Arabic (Accept-Language "ar"), against
 * the whole server: the page picks Arabic by itself, lays out right to left ({@code <html dir="rtl"
 * lang="ar">}, labels at the right of their controls, the status line's bar on the right), shows the
 * Arabic catalogue's text, listens to the meeting's Arabic channel (the listener's channel starts on the
 * page's language when the meeting has it) and says so in Arabic. Its language switch offers the six
 * languages in their own scripts; choosing Français reloads the page in French, left to right, on the
 * French channel, and the choice outlasts the browser's preference. The chair console of the same browser
 * names roles and booths in Arabic. Screenshots under target/screenshots.
 */
@Timeout(120)
class ArabicDelegateChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDelegatePageFollowsTheBrowserIntoArabicRightToLeftAndSwitchesToFrench() throws Exception {
        JsonNode arabic = catalogue("delegate", "ar");
        JsonNode arabicCommon = catalogue("common", "ar");
        JsonNode french = catalogue("delegate", "fr");
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.builder().acceptLanguage("ar").launch();
             BrowserPage delegate = chromium.newPage();
             BrowserPage chair = chromium.newPage()) {
            String meeting = api.createMeeting("""
                    {"title": "مجلس", "languages": ["en", "fr", "ar"], "floorLanguage": "en",
                     "booths": [{"language": "fr"}, {"language": "ar"}], "floorControl": "open"}
                    """);
            try (TonePeer floor = TonePeer.publishing(api.join(meeting, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), 440)) {
                delegate.navigate(api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText());
                delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);

                assertEquals("rtl", delegate.evaluate("document.documentElement.dir").asText());
                assertEquals("ar", delegate.evaluate("document.documentElement.lang").asText());
                assertEquals(arabic.get("channel.heading").asText(), text(delegate, "#channel-heading"));
                assertEquals(arabic.get("speak.heading").asText(), text(delegate, "#speak-heading"));
                assertEquals(arabicCommon.get("language.label").asText(), text(delegate, "label[for=ui-language]"));
                assertTrue(delegate.evaluate("document.title").asText().contains("مجلس"), "the meeting's title");

                // The channel starts on the page's language, which the meeting has; the status line says so in Arabic.
                JsonNode state = delegate.evaluate("window.parley.state()");
                assertEquals("ar", state.get("selection").get("language").asText(), state.toString());
                assertTrue(state.get("channel").asText().startsWith("channel/" + meeting + "/ar/"), state.toString());
                String listening = arabic.get("status.listeningWithOriginal").asText();
                String status = state.get("status").asText();
                assertTrue(status.startsWith(listening.substring(0, listening.indexOf('{'))), status);
                assertTrue(status.contains(listening.substring(listening.indexOf('}') + 1)), status);
                PageAudio.awaitAudio(delegate, state.get("mid").asText(), 50, TIMEOUT);

                // Mirrored: a label sits at the right of its control, the status bar's border on the right.
                assertTrue(delegate.evaluate("document.querySelector('label[for=language]').getBoundingClientRect().left"
                        + " > document.getElementById('language').getBoundingClientRect().right").asBoolean(),
                        "the channel label is at the right of its menu");
                assertEquals("4px", delegate.evaluate("getComputedStyle(document.getElementById('status')).borderRightWidth").asText());
                assertEquals("0px", delegate.evaluate("getComputedStyle(document.getElementById('status')).borderLeftWidth").asText());
                // The interface-language switch: six languages, each named in its own script, Arabic selected.
                assertEquals("[\"العربية\",\"中文\",\"English\",\"Français\",\"Русский\",\"Español\"]",
                        delegate.evaluate("[...document.getElementById('ui-language').options].map(o => o.textContent)").toString());
                assertEquals("ar", delegate.evaluate("document.getElementById('ui-language').value").asText());
                delegate.waitFor("window.parley.state().quality.rating !== 'unknown'", TIMEOUT);
                PageAudio.screenshots(delegate, "delegate-ar");

                // The chair console in Arabic too: roles, booths and languages in the roster and booth tables.
                chair.navigate(api.invite(meeting, "{\"role\": \"chair\", \"name\": \"Chair\"}").get("joinUrl").asText());
                chair.waitFor("window.parley && window.parley.state().role === 'chair'"
                        + " && document.querySelectorAll('#participants tbody tr').length >= 3"
                        + " && document.querySelectorAll('#booths tbody tr[data-booth]').length === 2", TIMEOUT);
                assertEquals("rtl", chair.evaluate("document.documentElement.dir").asText());
                String adaRole = chair.evaluate("[...document.querySelectorAll('#participants tbody tr')]"
                        + ".find(row => row.querySelector('th').textContent === 'Ada').querySelector('td').textContent").asText();
                assertEquals(arabicCommon.get("role.delegate").asText(), adaRole);
                String frenchBooth = chair.evaluate("document.querySelector('#booths tr[data-booth=fr] th').textContent").asText()
                        .replaceAll("[\u2066-\u2069]", ""); // the bidi isolates around each value on a right-to-left page
                assertTrue(frenchBooth.contains("الفرنسية") && frenchBooth.contains("(fr)"), frenchBooth);
                PageAudio.screenshots(chair, "chair-ar");
                PageAudio.screenshots(delegate, "delegate-ar");

                // Français: the page reloads in French, left to right, and joins the French channel.
                PageAudio.select(delegate, "ui-language", "fr");
                delegate.waitFor("document.documentElement.lang === 'fr' && window.parley && window.parley.state().channel",
                        TIMEOUT);
                assertEquals("ltr", delegate.evaluate("document.documentElement.dir").asText());
                assertEquals(french.get("channel.heading").asText(), text(delegate, "#channel-heading"));
                JsonNode inFrench = delegate.evaluate("window.parley.state()");
                assertTrue(inFrench.get("channel").asText().startsWith("channel/" + meeting + "/fr/"), inFrench.toString());
                assertEquals("fr", delegate.evaluate("localStorage.getItem('parley.lang')").asText());
                assertTrue(delegate.evaluate("document.querySelector('label[for=language]').getBoundingClientRect().right"
                        + " < document.getElementById('language').getBoundingClientRect().left").asBoolean(),
                        "left to right again: the label at the left");
                PageAudio.screenshots(delegate, "delegate-fr");
            }
        }
    }

    private static String text(BrowserPage page, String selector) {
        return page.evaluate("document.querySelector('" + selector + "').textContent").asText();
    }

    private static JsonNode catalogue(String page, String language) throws IOException {
        try (InputStream in = ArabicDelegateChromiumTest.class.getClassLoader()
                .getResourceAsStream("web/i18n/" + page + "/" + language + ".json")) {
            return JSON.readTree(in);
        }
    }
}
