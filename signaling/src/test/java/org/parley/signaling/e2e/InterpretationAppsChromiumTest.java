package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.browser.DevToolsConnection;
import org.parley.signaling.browser.WavFile;

/**
 * The interpreter console and the delegate page in real headless Chromium against the whole server:
 * an API-created meeting (en floor, fr booth); the interpreter (fake microphone: a 1 kHz WAV) goes
 * on air with the keyboard, and the delegate, opened through its invitation's {@code joinUrl},
 * switches its one m-line to French and receives the interpretation. The cough key mutes while held,
 * and a booth colleague's microphone is refused by the interlock with the holder's name shown.
 */
@Timeout(120)
class InterpretationAppsChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void interpreterGoesOnAirAndDelegateHearsFrench() throws Exception {
        Path wav = Files.createTempFile("parley-tone", ".wav");
        WavFile.writeTone(wav, 1000, 10, 48_000);
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.builder().fakeAudioCapture(wav).launch();
             BrowserPage interpreter = chromium.newPage();
             BrowserPage delegate = chromium.newPage();
             BrowserPage colleague = chromium.newPage()) {
            String meeting = api.createMeeting("""
                    {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
                    """);
            String interpreterToken = api.invite(meeting, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}").get("token").asText();
            String colleagueJoinUrl = api.invite(meeting, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Dominique\"}").get("joinUrl").asText();
            String delegateJoinUrl = api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText();

            interpreter.navigate("http://127.0.0.1:" + server.httpPort() + "/interpreter.html?token=" + interpreterToken);
            interpreter.waitFor("!document.getElementById('mic').disabled", TIMEOUT);
            assertEquals("fr", interpreter.evaluate("window.parley.state().booth").asText());

            // Keyboard: Enter and Space on the focused mic button toggle it, like a click.
            interpreter.evaluate("document.getElementById('mic').focus()");
            pressKey(interpreter, "Enter", "Enter", 13, "\r");
            interpreter.waitFor("window.parley.state().live", TIMEOUT);
            assertEquals("true", interpreter.evaluate("document.getElementById('mic').getAttribute('aria-pressed')").asText());
            assertEquals("ON AIR", interpreter.evaluate("document.getElementById('on-air').textContent").asText());
            pressKey(interpreter, " ", "Space", 32, " ");
            interpreter.waitFor("!window.parley.state().live", TIMEOUT);
            assertEquals("false", interpreter.evaluate("document.getElementById('mic').getAttribute('aria-pressed')").asText());
            pressKey(interpreter, " ", "Space", 32, " ");
            interpreter.waitFor("window.parley.state().live", TIMEOUT);

            // The API's joinUrl is the site root with ?token=: it opens the delegate page.
            delegate.navigate(delegateJoinUrl);
            delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);
            JsonNode before = delegate.evaluate("window.parley.state()");
            assertEquals("channel/" + meeting + "/en/mixed/standard", before.get("channel").asText(), before.toString());
            String mid = before.get("mid").asText();

            JsonNode channel = delegate.evaluate("window.parley.choose('fr')");
            assertEquals("channel/" + meeting + "/fr/mixed/standard", channel.asText());
            delegate.waitFor("""
                    window.parley.inboundStats().then(s => s.some(x => x.packetsReceived > 50 && x.audioLevel > 0))""",
                    TIMEOUT);
            JsonNode stats = delegate.evaluate("window.parley.inboundStats()");
            assertEquals(1, stats.size(), "one receiving m-line, switched without renegotiation: " + stats);
            assertEquals(mid, stats.get(0).get("mid").asText(), stats.toString());
            assertTrue(stats.get(0).get("packetsReceived").asLong() > 50, stats.toString());
            assertTrue(stats.get(0).get("audioLevel").asDouble() > 0, stats.toString());
            delegate.waitFor("window.parley.state().quality.rating !== 'unknown'", TIMEOUT);

            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            for (String app : new String[] {"interpreter", "delegate"}) {
                BrowserPage page = app.equals("interpreter") ? interpreter : delegate;
                page.call("Page.bringToFront", null); // a background tab does not paint
                page.screenshot(shots.resolve(app + "-desktop.png"), 1280, 800);
                page.screenshot(shots.resolve(app + "-phone.png"), 360, 740);
                assertTrue(Files.size(shots.resolve(app + "-phone.png")) > 1000, app);
            }

            // The other controls switch variant and tier on the same m-line.
            delegate.evaluate("document.getElementById('low-bandwidth').click()");
            delegate.waitFor("window.parley.state().channel.endsWith('/fr/mixed/low')", TIMEOUT);
            delegate.evaluate("document.getElementById('floor-under').click()");
            delegate.waitFor("window.parley.state().channel.endsWith('/fr/clean/low')", TIMEOUT);
            JsonNode switched = delegate.evaluate("window.parley.inboundStats()");
            assertEquals(1, switched.size(), switched.toString());
            assertEquals(mid, switched.get(0).get("mid").asText(), switched.toString());

            // The cough key mutes while Space is held on it.
            interpreter.evaluate("document.getElementById('cough').focus()");
            dispatchKey(interpreter, "keyDown", " ", "Space", 32, " ");
            interpreter.waitFor("window.parley.state().coughConfirmed", TIMEOUT);
            assertEquals("true", interpreter.evaluate("document.getElementById('cough').getAttribute('aria-pressed')").asText());
            dispatchKey(interpreter, "keyUp", " ", "Space", 32, null);
            interpreter.waitFor("!window.parley.state().coughConfirmed && !window.parley.state().coughing", TIMEOUT);

            // A booth colleague, whose joinUrl leads on to the console, is refused while Camille is live
            // and told who holds the channel.
            colleague.navigate(colleagueJoinUrl);
            colleague.waitFor("location.pathname === '/interpreter.html' && !document.getElementById('mic').disabled",
                    TIMEOUT);
            colleague.evaluate("document.getElementById('mic').click()");
            colleague.waitFor("window.parley.state().refusal !== ''", TIMEOUT);
            String refusal = colleague.evaluate("document.getElementById('refusal').textContent").asText();
            assertTrue(refusal.contains("Camille"), refusal);
            assertEquals("false", colleague.evaluate("document.getElementById('mic').getAttribute('aria-pressed')").asText());
            colleague.call("Page.bringToFront", null);
            colleague.screenshot(shots.resolve("interpreter-refused-phone.png"), 360, 740);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** A key press (down, then up) delivered to the focused element, as a keyboard user makes it. */
    private static void pressKey(BrowserPage page, String key, String code, int keyCode, String text) {
        dispatchKey(page, "keyDown", key, code, keyCode, text);
        dispatchKey(page, "keyUp", key, code, keyCode, null);
    }

    /** One keyboard event; {@code text} (what a key down types, null for key up) makes it activate buttons. */
    private static void dispatchKey(BrowserPage page, String type, String key, String code, int keyCode, String text) {
        ObjectNode event = DevToolsConnection.params()
                .put("type", type)
                .put("key", key)
                .put("code", code)
                .put("windowsVirtualKeyCode", keyCode);
        if (text != null) {
            event.put("text", text);
        }
        page.call("Input.dispatchKeyEvent", event);
    }
}
