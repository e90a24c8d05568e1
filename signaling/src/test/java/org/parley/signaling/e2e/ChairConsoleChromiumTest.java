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
 * The chair console and the delegate page in real headless Chromium against the whole server, in a
 * chaired meeting (the API's default) that allows the studio and standard tiers only: both open
 * through their invitations' {@code joinUrl}; the delegate's connection menu offers just those, and
 * when the organiser allows only the low tier the page switches to it. The chair sets the floor language; the delegate raises its hand, the chair sees it in the hands and the
 * roster and grants the floor; the delegate's microphone becomes usable and its audio (a 1 kHz fake
 * microphone) reaches the chair, per the chair's getStats on the delegate's m-line; captions the
 * chair and a captioner post appear on the delegate page; the chair revokes the floor and the delegate's microphone
 * is off and unusable again; the chair ends the meeting through its confirmation dialog.
 */
@Timeout(180)
class ChairConsoleChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void chairGrantsTheFloorToARaisedHandAndHearsTheDelegate() throws Exception {
        Path wav = Files.createTempFile("parley-tone", ".wav");
        WavFile.writeTone(wav, 1000, 10, 48_000);
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.builder().fakeAudioCapture(wav).launch();
             BrowserPage chair = chromium.newPage();
             BrowserPage delegate = chromium.newPage();
             BrowserPage captioner = chromium.newPage()) {
            String meeting = api.createMeeting("""
                    {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                     "tierPolicy": ["studio", "standard"]}
                    """);
            String chairJoinUrl = api.invite(meeting, "{\"role\": \"chair\", \"name\": \"Chris\"}").get("joinUrl").asText();
            String delegateJoinUrl = api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText();

            chair.navigate(chairJoinUrl);
            chair.waitFor("window.parley && window.parley.state().role === 'chair'"
                    + " && !document.getElementById('mic').disabled", TIMEOUT);
            assertEquals("chaired", chair.evaluate("window.parley.state().floor.control").asText());

            delegate.navigate(delegateJoinUrl);
            delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);
            String adaId = delegate.evaluate("window.parley.state().participantId").asText();
            assertEquals("true", delegate.evaluate("document.getElementById('mic').disabled").asText(),
                    "no microphone before the floor is granted");

            // The connection menu offers the tiers the meeting allows (joined.tierPolicy), "Normal" chosen.
            assertEquals("[\"studio\",\"standard\"]", delegate.evaluate("window.parley.state().tiers").toString());
            assertEquals("standard", delegate.evaluate("document.getElementById('bandwidth').value").asText());
            assertTrue(delegate.evaluate("window.parley.state().channel").asText().endsWith("/standard"));
            // The organiser allows only the low tier now: the page is told and switches at once.
            api.replaceMeeting(meeting, """
                    {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                     "tierPolicy": ["low"]}
                    """);
            delegate.waitFor("window.parley.state().channel.endsWith('/mixed/low')"
                    + " && window.parley.state().status.startsWith('The meeting no longer allows')", TIMEOUT);
            assertEquals("[\"low\"]", delegate.evaluate("window.parley.state().tiers").toString());

            // The chair sets the floor language; everyone's floor state follows.
            chair.evaluate("document.getElementById('floor-language').value = 'fr'");
            chair.evaluate("document.getElementById('set-floor-language').click()");
            delegate.waitFor("window.parley.state().floor.language === 'fr'", TIMEOUT);

            // Ada raises her hand with the keyboard; the chair sees it in the hands list and the roster.
            delegate.evaluate("document.getElementById('raise-hand').focus()");
            delegate.pressKey("Enter", "Enter", 13, "\r");
            delegate.waitFor("document.getElementById('raise-hand').getAttribute('aria-pressed') === 'true'", TIMEOUT);
            chair.waitFor("window.parley.state().floor.hands.some(h => h.participantId === '" + adaId + "')", TIMEOUT);
            chair.waitFor("(window.parley.state().roster || []).some(p => p.participantId === '" + adaId
                    + "' && p.role === 'delegate' && p.floor === 'hand')", TIMEOUT);
            String grant = chair.evaluate("document.querySelector('#hands button').getAttribute('aria-label')").asText();
            assertEquals("Grant floor: Ada", grant);

            chair.evaluate("document.querySelector('#hands button').click()");
            delegate.waitFor("window.parley.state().hasFloor && !document.getElementById('mic').disabled", TIMEOUT);
            assertEquals("false", delegate.evaluate("document.getElementById('raise-hand').getAttribute('aria-pressed')").asText(),
                    "granting lowers the hand");
            chair.waitFor("window.parley.state().floor.speakers.some(s => s.participantId === '" + adaId + "')", TIMEOUT);

            // Ada turns her microphone on: it is published then, and the chair hears it on its own m-line. She wears
            // a headset: her voice (the test tone, which noise suppression would take for noise) goes out untouched.
            delegate.evaluate("document.getElementById('headset').click()");
            delegate.evaluate("document.getElementById('mic').click()");
            delegate.waitFor("window.parley.state().micOn", TIMEOUT);
            chair.waitFor("window.parley.state().voiceMids['" + adaId + "'] !== undefined", TIMEOUT);
            String adaMid = chair.evaluate("window.parley.state().voiceMids['" + adaId + "']").asText();
            PageAudio.awaitAudio(chair, adaMid, 50, TIMEOUT);

            // A caption the chair posts reaches the delegate's captions area.
            chair.evaluate("document.getElementById('caption-text').value = 'The session is open.'");
            chair.evaluate("document.getElementById('send-caption').click()");
            delegate.waitFor("window.parley.state().captions.some(c => c.text === 'The session is open.')", TIMEOUT);
            captioner.navigate(api.invite(meeting, "{\"role\": \"captioner\", \"name\": \"Cat\"}").get("joinUrl").asText());
            captioner.waitFor("!document.getElementById('caption-form').hidden", TIMEOUT);
            captioner.evaluate("document.getElementById('caption-text').value = 'Ada has the floor.'");
            captioner.evaluate("document.getElementById('send-caption').click()");
            delegate.waitFor("window.parley.state().captions.some(c => c.name === 'Cat' && c.text === 'Ada has the floor.')",
                    TIMEOUT);
            chair.waitFor("(window.parley.state().roster || []).some(p => p.participantId === '" + adaId
                    + "' && p.quality && p.quality.grade !== 'unknown')", TIMEOUT);

            PageAudio.screenshots(chair, "chair");
            PageAudio.screenshots(delegate, "delegate-floor");

            // Revoking silences Ada and takes her microphone away.
            chair.evaluate("document.querySelector('#speakers button[aria-label=\"Revoke floor: Ada\"]').click()");
            delegate.waitFor("!window.parley.state().hasFloor && document.getElementById('mic').disabled"
                    + " && !window.parley.state().micOn", TIMEOUT);
            chair.waitFor("!window.parley.state().floor.speakers.some(s => s.participantId === '" + adaId + "')", TIMEOUT);
            JsonNode speakNote = delegate.evaluate("document.getElementById('speak-note').textContent");
            assertTrue(speakNote.asText().contains("taken back the floor"), speakNote.toString());

            // Only the operator ends the meeting: the chair's console offers no button for it. The operator's
            // join link opens the same console (in the captioner's tab, which leaves).
            assertEquals("true", chair.evaluate("document.getElementById('end-panel').hidden").asText());
            BrowserPage operator = captioner;
            operator.navigate(api.invite(meeting, "{\"role\": \"operator\", \"name\": \"Olu\"}").get("joinUrl").asText());
            operator.waitFor("window.parley && window.parley.state().role === 'operator'"
                    + " && !document.getElementById('end-meeting').disabled", TIMEOUT);
            // Ending the meeting asks first; confirming ends it for everyone.
            operator.evaluate("document.getElementById('end-meeting').click()");
            assertEquals("true", operator.evaluate("document.getElementById('end-dialog').open").asText());
            operator.evaluate("document.getElementById('end-confirm').click()");
            delegate.waitFor("document.getElementById('status').textContent.startsWith('The meeting has ended')", TIMEOUT);
            chair.waitFor("document.getElementById('status').textContent.startsWith('The meeting has ended')", TIMEOUT);
        } finally {
            Files.deleteIfExists(wav);
        }
    }
}
