package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.browser.DevToolsConnection;
import org.parley.signaling.dashboard.DashboardFeed;
import org.parley.signaling.peer.SignalingClient;

/**
 * The dashboard page in headless Chromium against a live meeting of libwebrtc peers: a floor speaker,
 * a clean listener, a listener whose downlink loses 15 % ({@link LossyUdpProxy}), a French interpreter
 * live with a tone and a Spanish one live with a dead (silent) microphone. Opened late, with the admin
 * key typed into its form, the page draws each participant's graph from the history the server kept,
 * shows the lossy listener poor, the Spanish booth silent with its alert, and the mixer; then in Arabic,
 * right to left; then the operator's console links to the dashboard of its meeting; last, an operator
 * account logged in on the organiser page opens the dashboard from its link and sees the live meeting. Screenshots at 1280
 * and 768 px wide (a tablet) go to {@code target/screenshots/}.
 */
@Timeout(180)
class DashboardChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SILENCE_TIMEOUT = Duration.ofSeconds(DashboardFeed.SILENT_BOOTH_SECONDS + 20);
    /** The meeting runs this long before the page opens: its graphs must show these seconds at once. */
    private static final int SECONDS_BEFORE_OPENING = 12;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
                {"title": "Council", "languages": ["en", "fr", "es"], "floorLanguage": "en",
                 "booths": [{"language": "fr"}, {"language": "es"}], "floorControl": "open"}
                """);

    @Test
    void showsTheLiveMeetingWithHistoryGraphsAtDesktopAndTabletWidths() throws Exception {
        try (LossyUdpProxy proxy = new LossyUdpProxy(LossyUdpProxy.DropPolicy.NONE,
                LossyUdpProxy.DropPolicy.random(0.15, 20260301L));
             TonePeer floor = TonePeer.publishing(meeting.join("{\"role\": \"delegate\", \"name\": \"Amara Diallo\"}"), 440);
             TonePeer french = TonePeer.publishing(meeting.join(
                     "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille Laurent\"}"), 1000);
             TonePeer spanish = TonePeer.publishing(meeting.join(
                     "{\"role\": \"interpreter\", \"booth\": \"es\", \"name\": \"Diego Ruiz\"}"), 0);
             TonePeer clean = TonePeer.listening(meeting.join("{\"role\": \"delegate\", \"name\": \"Bruno Costa\"}"));
             TonePeer lossy = TonePeer.listeningThrough(proxy,
                     meeting.join("{\"role\": \"delegate\", \"name\": \"Chen Wei\"}"));
             Chromium chromium = Chromium.launch();
             BrowserPage page = chromium.newPage()) {
            lossy.subscribeChannel("fr", "mixed", "standard");
            clean.subscribeChannel("es", "mixed", "low");
            french.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            spanish.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            Thread.sleep(SECONDS_BEFORE_OPENING * 1000L);

            // Without a token the page asks for the admin key, and keeps it for the tab.
            String base = "http://127.0.0.1:" + meeting.server().httpPort();
            page.navigate(base + "/dashboard.html?lang=en");
            page.waitFor("!document.getElementById('sign-in').hidden", TIMEOUT);
            page.evaluate("document.getElementById('admin-key').value = " + quoted(meeting.server().adminKey()));
            page.evaluate("document.getElementById('sign-in-button').click()");
            page.waitFor("window.parley.state().messages > 0", TIMEOUT);
            JsonNode first = page.evaluate("window.parley.state()");
            assertEquals("server", first.get("scope").asText());
            assertEquals(5, first.get("participants").size(), first.toString());
            for (JsonNode participant : first.get("participants")) {
                assertTrue(participant.get("drawn").asBoolean(), participant.toString());
                assertTrue(participant.get("points").asInt() >= SECONDS_BEFORE_OPENING - 2,
                        "a page opened late draws the history the server kept: " + participant);
            }

            page.waitFor("window.parley.state().participants.some(p => p.name === 'Chen Wei' && p.grade === 'poor')",
                    TIMEOUT);
            page.waitFor("window.parley.state().booths.some(b => b.language === 'es' && b.silent)"
                    + " && window.parley.state().alerts.some(a => a.kind === 'boothSilent')", SILENCE_TIMEOUT);
            JsonNode state = page.evaluate("window.parley.state()");
            for (JsonNode participant : state.get("participants")) {
                if (!participant.get("name").asText().equals("Chen Wei")) {
                    assertTrue(!participant.get("grade").asText().equals("poor"), participant.toString());
                }
                assertEquals("udp", participant.get("transport").asText(), participant.toString());
            }
            for (JsonNode booth : state.get("booths")) {
                if (booth.get("language").asText().equals("fr")) {
                    assertEquals("Camille Laurent", booth.get("live").asText());
                    assertTrue(!booth.get("silent").asBoolean(), "the French interpreter speaks: " + booth);
                }
            }
            String alertText = page.evaluate("window.parley.state().alerts.find(a => a.kind === 'boothSilent').text")
                    .asText();
            assertTrue(alertText.contains("Diego Ruiz") && alertText.contains("Spanish"), alertText);
            assertEquals("true", page.evaluate("document.querySelectorAll('.participant-card canvas').length >= 5")
                    .asText());

            screenshots(page, "dashboard");

            // The same page in Arabic: right to left, its own catalogue.
            page.navigate(base + "/dashboard.html?lang=ar");
            page.waitFor("window.parley && window.parley.state().messages > 0", TIMEOUT);
            assertEquals("rtl", page.evaluate("document.documentElement.dir").asText());
            assertEquals("لوحة متابعة المشغّل", page.evaluate("document.getElementById('title').textContent").asText());
            screenshot(page, "dashboard-ar", 768);

            // An operator's console links to the dashboard of its meeting, which its invitation opens.
            page.navigate(meeting.api().invite(meeting.id(), "{\"role\": \"operator\", \"name\": \"Olu\"}")
                    .get("joinUrl").asText());
            page.waitFor("window.parley && window.parley.state().role === 'operator'"
                    + " && !document.getElementById('dashboard-panel').hidden", TIMEOUT);
            page.navigate(page.evaluate("document.getElementById('dashboard-link').href").asText());
            page.waitFor("window.parley.state().messages > 0", TIMEOUT);
            JsonNode operatorView = page.evaluate("window.parley.state()");
            assertEquals("meetings", operatorView.get("scope").asText());
            assertEquals("[\"" + meeting.id() + "\"]", operatorView.get("meetings").toString());

            // An operator account logged in on the organiser page opens the dashboard from there: the page
            // trades the login for a ticket and watches the whole server, saying who is logged in.
            meeting.api().create("/api/accounts",
                    "{\"name\": \"olu\", \"role\": \"operator\", \"password\": \"operator password 1\"}");
            try (BrowserPage account = chromium.newPage()) {
                account.navigate(base + "/organiser.html?lang=en");
                account.waitFor("window.parley && window.parley.ready() && window.parley.state().view === 'login'",
                        TIMEOUT);
                account.evaluate("document.getElementById('login-account').value = 'olu'");
                account.evaluate("document.getElementById('login-password').value = 'operator password 1'");
                account.evaluate("document.getElementById('login-submit').click()");
                account.waitFor("window.parley.state().view === 'meetings'"
                        + " && !document.getElementById('dashboard-link').hidden", TIMEOUT);
                assertEquals("Operator dashboard",
                        account.evaluate("document.getElementById('dashboard-link').textContent").asText());
                account.evaluate("document.getElementById('dashboard-link').click()");
                account.waitFor("location.pathname === '/dashboard.html' && window.parley && window.parley.state"
                        + " && window.parley.state().messages > 0", TIMEOUT);
                JsonNode loggedIn = account.evaluate("window.parley.state()");
                // The five peers (and the operator console's participant, if it has not left yet).
                for (String name : new String[] {"Amara Diallo", "Camille Laurent", "Diego Ruiz", "Bruno Costa", "Chen Wei"}) {
                    assertTrue(loggedIn.get("participants").toString().contains("\"name\":\"" + name + "\""),
                            name + " in " + loggedIn);
                }
                assertEquals("server", loggedIn.get("scope").asText(), loggedIn.toString());
                assertEquals("olu", loggedIn.at("/session/account").asText());
                assertTrue(loggedIn.get("meetings").toString().contains(meeting.id()), loggedIn.toString());
                assertEquals("true", account.evaluate("document.getElementById('sign-in').hidden").asText());
                assertEquals("Logged in as \u2068olu\u2069 (operator).",
                        account.evaluate("document.getElementById('session-who').textContent").asText());
            }
        }
    }

    private static String quoted(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void screenshots(BrowserPage page, String name) throws IOException {
        screenshot(page, name, 1280);
        screenshot(page, name, 768);
    }

    /**
     * The whole page at {@code width}: the viewport is set first and the charts given time to follow it
     * (they resize on a ResizeObserver), then captured.
     */
    private static void screenshot(BrowserPage page, String name, int width) throws IOException {
        Files.createDirectories(PageAudio.SCREENSHOTS);
        page.call("Page.bringToFront", null); // a background tab does not paint
        page.call("Emulation.setDeviceMetricsOverride", DevToolsConnection.params().put("width", width)
                .put("height", 900).put("deviceScaleFactor", 1).put("mobile", false));
        page.waitFor("[...document.querySelectorAll('.participant-card')].every(card =>"
                + " card.querySelector('canvas') && card.querySelector('.uplot').offsetWidth <= card.clientWidth)",
                TIMEOUT);
        page.screenshotWholePage(PageAudio.SCREENSHOTS.resolve(name + "-" + width + ".png"), width, 900);
    }
}
