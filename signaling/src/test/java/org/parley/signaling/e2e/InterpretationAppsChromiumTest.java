package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.browser.WavFile;

/**
 * The interpreter console and the delegate page in real headless Chromium against the whole server:
 * an API-created meeting (en floor, fr booth); the interpreter (fake microphone: a 1 kHz WAV) goes
 * on air with the keyboard, and the delegate, opened through its invitation's {@code joinUrl},
 * switches its channel m-line to French and receives the interpretation; low and minimal bandwidth
 * switch that same m-line. The cough key mutes while held, and a booth colleague who presses its
 * microphone is warned (or refused by the interlock) with the holder's name shown.
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
            interpreter.pressKey("Enter", "Enter", 13, "\r");
            interpreter.waitFor("window.parley.state().live", TIMEOUT);
            assertEquals("true", interpreter.evaluate("document.getElementById('mic').getAttribute('aria-pressed')").asText());
            assertEquals("ON AIR", interpreter.evaluate("document.getElementById('on-air').textContent").asText());
            interpreter.pressKey(" ", "Space", 32, " ");
            interpreter.waitFor("!window.parley.state().live", TIMEOUT);
            assertEquals("false", interpreter.evaluate("document.getElementById('mic').getAttribute('aria-pressed')").asText());
            interpreter.pressKey(" ", "Space", 32, " ");
            interpreter.waitFor("window.parley.state().live", TIMEOUT);

            // The API's joinUrl is the site root with ?token=: it opens the delegate page.
            delegate.navigate(delegateJoinUrl);
            delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);
            JsonNode before = delegate.evaluate("window.parley.state()");
            assertTrue(before.get("channel").asText().startsWith("channel/" + meeting + "/en/"), before.toString());
            String mid = before.get("mid").asText();

            JsonNode channel = delegate.evaluate("window.parley.choose('fr')");
            assertTrue(channel.asText().startsWith("channel/" + meeting + "/fr/"), channel.asText());
            PageAudio.awaitAudio(delegate, mid, 50, TIMEOUT);
            delegate.waitFor("window.parley.state().quality.rating !== 'unknown'", TIMEOUT);

            PageAudio.screenshots(interpreter, "interpreter-live");
            PageAudio.screenshots(delegate, "delegate-listening");

            // Low bandwidth switches the same m-line to one server-mixed stream at a lower tier.
            String channelsBefore = delegate.evaluate("window.parley.inboundStats().then(s => s.map(x => x.mid))").toString();
            PageAudio.select(delegate, "bandwidth", "low");
            delegate.waitFor("window.parley.state().channel.endsWith('/fr/mixed/low')", TIMEOUT);
            PageAudio.select(delegate, "bandwidth", "minimal");
            delegate.waitFor("window.parley.state().channel.endsWith('/fr/mixed/minimal')", TIMEOUT);
            assertEquals(mid, delegate.evaluate("window.parley.state().mid").asText());
            assertEquals(channelsBefore, delegate.evaluate("window.parley.inboundStats().then(s => s.map(x => x.mid))").toString(),
                    "no renegotiation");

            // The cough key mutes while Space is held on it.
            interpreter.evaluate("document.getElementById('cough').focus()");
            interpreter.dispatchKey("keyDown", " ", "Space", 32, " ");
            interpreter.waitFor("window.parley.state().coughConfirmed", TIMEOUT);
            assertEquals("true", interpreter.evaluate("document.getElementById('cough').getAttribute('aria-pressed')").asText());
            interpreter.dispatchKey("keyUp", " ", "Space", 32, null);
            interpreter.waitFor("!window.parley.state().coughConfirmed && !window.parley.state().coughing", TIMEOUT);

            // A booth colleague, whose joinUrl opens the console, is warned (or refused by the interlock)
            // while Camille is live, and told who holds the channel.
            colleague.navigate(colleagueJoinUrl);
            colleague.waitFor("window.parley.state().role === 'interpreter' && !document.getElementById('mic').disabled",
                    TIMEOUT);
            colleague.evaluate("document.getElementById('mic').click()");
            colleague.waitFor("window.parley.state().refusal !== '' || window.parley.state().bothLiveWarning", TIMEOUT);
            String refusal = colleague.evaluate("document.getElementById('refusal').textContent"
                    + " + document.getElementById('both-live-text').textContent").asText();
            assertTrue(refusal.contains("Camille"), refusal);
            assertEquals("false", colleague.evaluate("document.getElementById('mic').getAttribute('aria-pressed')").asText());
            PageAudio.screenshots(colleague, "interpreter-warned");
        } finally {
            Files.deleteIfExists(wav);
        }
    }
}
