package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Echo control in headless Chromium: a chair's and a delegate's microphone open with echo cancellation,
 * noise suppression and automatic gain on, an interpreter's with all three off (per the track's
 * {@code getSettings()}); each page's visible headset switch flips them on the live microphone, which the
 * meeting keeps hearing; the choice is remembered for the next visit.
 */
@Timeout(180)
class EchoControlChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PROCESSING_ON = "{\"echoCancellation\":true,\"noiseSuppression\":true,\"autoGainControl\":true}";
    private static final String PROCESSING_OFF = "{\"echoCancellation\":false,\"noiseSuppression\":false,\"autoGainControl\":false}";

    @Test
    void delegatesAndChairsCancelEchoInterpretersDoNotAndTheHeadsetSwitchFlipsIt() throws Exception {
        Path wav = Files.createTempFile("parley-tone", ".wav");
        WavFile.writeTone(wav, 1000, 10, 48_000);
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.builder().fakeAudioCapture(wav).launch();
             BrowserPage chair = chromium.newPage();
             BrowserPage interpreter = chromium.newPage();
             BrowserPage delegate = chromium.newPage()) {
            String meeting = api.createMeeting("""
                    {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                     "floorControl": "open"}
                    """);
            chair.navigate(api.invite(meeting, "{\"role\": \"chair\", \"name\": \"Chris\"}").get("joinUrl").asText());
            interpreter.navigate(api.invite(meeting, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}")
                    .get("joinUrl").asText());
            delegate.navigate(api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText());

            chair.waitFor("window.parley && window.parley.state().microphone", TIMEOUT);
            assertEquals(PROCESSING_ON, chair.evaluate("window.parley.state().microphone").toString());
            assertFalse(chair.evaluate("window.parley.state().headset").asBoolean());
            interpreter.waitFor("window.parley && window.parley.state().microphone", TIMEOUT);
            assertEquals(PROCESSING_OFF, interpreter.evaluate("window.parley.state().microphone").toString(),
                    "interpreters wear headsets: no processing");
            assertTrue(interpreter.evaluate("window.parley.state().headset").asBoolean());
            for (BrowserPage page : new BrowserPage[] {chair, interpreter, delegate}) {
                assertTrue(page.evaluate("(() => { const box = document.getElementById('headset');"
                        + " return box.offsetParent !== null && document.querySelector('label[for=headset]').offsetParent !== null; })()")
                        .asBoolean(), "the headset switch is visible");
            }

            // In an open meeting the delegate may speak: its microphone opens with processing on.
            delegate.waitFor("window.parley && window.parley.state().hasFloor && !document.getElementById('mic').disabled", TIMEOUT);
            String adaId = delegate.evaluate("window.parley.state().participantId").asText();
            delegate.evaluate("document.getElementById('mic').click()");
            delegate.waitFor("window.parley.state().micOn && window.parley.state().microphone", TIMEOUT);
            assertEquals(PROCESSING_ON, delegate.evaluate("window.parley.state().microphone").toString());

            // Ada puts a headset on: the live microphone goes out untouched, still on, and the chair still hears her.
            delegate.evaluate("document.getElementById('headset').click()");
            delegate.waitFor("window.parley.state().microphone.echoCancellation === false", TIMEOUT);
            JsonNode withHeadset = delegate.evaluate("window.parley.state()");
            assertEquals(PROCESSING_OFF, withHeadset.get("microphone").toString());
            assertTrue(withHeadset.get("headset").asBoolean() && withHeadset.get("micOn").asBoolean(), withHeadset.toString());
            chair.waitFor("window.parley.state().voiceMids['" + adaId + "'] !== undefined", TIMEOUT);
            String adaMid = chair.evaluate("window.parley.state().voiceMids['" + adaId + "']").asText();
            long before = PageAudio.inbound(chair, adaMid).path("packetsReceived").asLong();
            PageAudio.awaitAudio(chair, adaMid, before + 50, TIMEOUT);

            // And takes it off again; the interpreter, on loudspeakers for once, turns processing on.
            delegate.evaluate("document.getElementById('headset').click()");
            delegate.waitFor("window.parley.state().microphone.echoCancellation === true", TIMEOUT);
            assertEquals(PROCESSING_ON, delegate.evaluate("window.parley.state().microphone").toString());
            interpreter.evaluate("document.getElementById('headset').click()");
            interpreter.waitFor("window.parley.state().microphone.echoCancellation === true", TIMEOUT);
            assertEquals(PROCESSING_ON, interpreter.evaluate("window.parley.state().microphone").toString());
            chair.evaluate("document.getElementById('headset').click()");
            chair.waitFor("window.parley.state().microphone.echoCancellation === false", TIMEOUT);

            // Remembered in this browser: the next chair console starts with a headset, the next interpreter's without.
            chair.navigate(api.invite(meeting, "{\"role\": \"chair\", \"name\": \"Chris\"}").get("joinUrl").asText());
            chair.waitFor("window.parley && window.parley.state().microphone", TIMEOUT);
            assertTrue(chair.evaluate("document.getElementById('headset').checked").asBoolean());
            assertEquals(PROCESSING_OFF, chair.evaluate("window.parley.state().microphone").toString());
            interpreter.navigate(api.invite(meeting, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Dominique\"}")
                    .get("joinUrl").asText());
            interpreter.waitFor("window.parley && window.parley.state().microphone", TIMEOUT);
            assertFalse(interpreter.evaluate("document.getElementById('headset').checked").asBoolean());
            assertEquals(PROCESSING_ON, interpreter.evaluate("window.parley.state().microphone").toString());
        } finally {
            Files.deleteIfExists(wav);
        }
    }
}
