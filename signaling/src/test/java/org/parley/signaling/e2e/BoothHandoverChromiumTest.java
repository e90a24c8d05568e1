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
 * Two interpreter consoles in the French booth and a delegate page listening to French, in real
 * headless Chromium against the whole server. Camille goes live and the delegate's getStats shows
 * French arriving; Dominique, pressing the microphone while Camille is live, is warned that both would
 * be live; Camille offers the handover, Dominique accepts it in the console, Camille is off air, and
 * with Camille's microphone then silent the delegate's m-line keeps receiving packets with an audio
 * level: the audio is Dominique's and never stopped. On the way: the delegate mixes the floor under
 * the clean French channel on a second m-line (its slider on), the booth chat, the listener count,
 * and a chair console that shows the booth's live interpreter and announces Dominique's slow-down
 * request with the time and the booth. The Spanish booth interprets from French (relay): its console
 * hears the French channel on its relay m-line, and stops when switched to the floor; it switches its
 * outgoing channel to English (B). Finally Camille, pressing the microphone while Dominique is live,
 * is warned and takes over; a handover she then offers and withdraws (going off air) disappears from
 * Dominique's console.
 */
@Timeout(180)
class BoothHandoverChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void handoverInTheFrenchBoothKeepsTheDelegatesAudioFlowing() throws Exception {
        Path wav = Files.createTempFile("parley-tone", ".wav");
        WavFile.writeTone(wav, 1000, 10, 48_000);
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.builder().fakeAudioCapture(wav).launch();
             BrowserPage camille = chromium.newPage();
             BrowserPage dominique = chromium.newPage();
             BrowserPage delegate = chromium.newPage();
             BrowserPage chair = chromium.newPage();
             BrowserPage sol = chromium.newPage()) {
            String meeting = api.createMeeting("""
                    {"title": "Council", "languages": ["en", "fr", "es"], "floorLanguage": "en",
                     "booths": [{"language": "fr"}, {"language": "es", "relaySource": "fr"}]}
                    """);
            camille.navigate(api.invite(meeting, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}")
                    .get("joinUrl").asText());
            dominique.navigate(api.invite(meeting, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Dominique\"}")
                    .get("joinUrl").asText());
            delegate.navigate(api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText());
            chair.navigate(api.invite(meeting, "{\"role\": \"chair\", \"name\": \"Chris\"}").get("joinUrl").asText());
            sol.navigate(api.invite(meeting, "{\"role\": \"interpreter\", \"booth\": \"es\", \"name\": \"Sol\"}")
                    .get("joinUrl").asText());
            for (BrowserPage console : new BrowserPage[] {camille, dominique}) {
                console.waitFor("window.parley && window.parley.state().role === 'interpreter'"
                        + " && !document.getElementById('mic').disabled", TIMEOUT);
            }
            String camilleId = camille.evaluate("window.parley.state().participantId").asText();

            camille.evaluate("document.getElementById('mic').click()");
            camille.waitFor("window.parley.state().live", TIMEOUT);

            delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);
            assertTrue(delegate.evaluate("window.parley.choose('fr')").asText().startsWith("channel/" + meeting + "/fr/"));
            String mid = delegate.evaluate("window.parley.state().mid").asText();
            PageAudio.awaitAudio(delegate, mid, 50, TIMEOUT);
            camille.waitFor("window.parley.state().listeners >= 1", TIMEOUT);
            JsonNode listening = delegate.evaluate("window.parley.state()");
            assertTrue(listening.get("channel").asText().endsWith("/fr/clean/standard"), listening.toString());
            assertTrue(listening.get("floorChannel").asText().contains("/floor/"), listening.toString());
            assertTrue(listening.get("floorSlider").asBoolean(), listening.toString());

            // The Spanish booth, on relay from French, hears Camille on its relay m-line.
            sol.waitFor("window.parley && window.parley.state().relay === 'fr'", TIMEOUT);
            PageAudio.awaitAudio(sol, sol.evaluate("window.parley.state().relayMid").asText(), 50, TIMEOUT);
            PageAudio.select(sol, "incoming", "floor");
            sol.waitFor("window.parley.state().incoming === 'floor' && window.parley.state().relay === null", TIMEOUT);
            assertTrue(sol.evaluate("document.getElementById('relay-volume').disabled").asBoolean());
            PageAudio.select(sol, "outgoing", "en");
            sol.waitFor("window.parley.state().outgoing === 'en'", TIMEOUT);
            chair.waitFor("window.parley.state().booths.some(b => b.language === 'es' && b.outgoing === 'en')", TIMEOUT);

            // Dominique presses the microphone while Camille is live: a warning, nothing changes.
            dominique.waitFor("window.parley.state().partnerLive", TIMEOUT);
            dominique.evaluate("document.getElementById('mic').click()");
            dominique.waitFor("window.parley.state().bothLiveWarning", TIMEOUT);
            String warning = dominique.evaluate("document.getElementById('both-live-text').textContent").asText();
            assertTrue(warning.contains("Camille") && warning.contains("two live microphones"), warning);
            dominique.evaluate("document.getElementById('both-live-cancel').click()");
            assertFalse(dominique.evaluate("window.parley.state().live").asBoolean());

            // The booth chat reaches the partner.
            dominique.evaluate("document.getElementById('chat-text').value = 'Take over at the next speaker?'");
            dominique.evaluate("document.getElementById('chat-send').click()");
            camille.waitFor("window.parley.state().chat.some(line => line.name === 'Dominique'"
                    + " && line.text === 'Take over at the next speaker?')", TIMEOUT);

            // Camille offers the handover; Dominique sees the request, announced, and accepts it.
            camille.waitFor("!document.getElementById('request-handover').disabled", TIMEOUT);
            camille.evaluate("document.getElementById('request-handover').click()");
            dominique.waitFor("window.parley.state().handoverFrom === '" + camilleId + "'"
                    + " && !document.getElementById('handover-request').hidden", TIMEOUT);
            assertEquals("alertdialog", dominique.evaluate("document.getElementById('handover-request').getAttribute('role')").asText());
            PageAudio.screenshots(dominique, "interpreter-handover");

            long beforeHandover = PageAudio.inbound(delegate, mid).path("packetsReceived").asLong();
            dominique.evaluate("document.getElementById('accept-handover').click()");
            dominique.waitFor("window.parley.state().live", TIMEOUT);
            camille.waitFor("!window.parley.state().live", TIMEOUT);
            assertEquals("Off air", camille.evaluate("document.getElementById('on-air').textContent").asText());

            // From here Camille sends silence: a level on the delegate's m-line can only be Dominique's.
            camille.evaluate("window.parley.silenceMicrophone()");
            long afterHandover = PageAudio.inbound(delegate, mid).path("packetsReceived").asLong();
            assertTrue(afterHandover >= beforeHandover, beforeHandover + " -> " + afterHandover);
            PageAudio.awaitAudio(delegate, mid, afterHandover + 100, TIMEOUT);

            chair.waitFor("window.parley.state().booths.some(b => b.language === 'fr' && b.live"
                    + " && b.live.name === 'Dominique')", TIMEOUT);
            dominique.evaluate("document.getElementById('slow-down').click()");
            dominique.waitFor("document.getElementById('status').textContent.startsWith('Slow-down request sent')", TIMEOUT);
            chair.waitFor("window.parley.state().slowDowns.some(s => s.booth === 'fr' && s.name === 'Dominique')", TIMEOUT);
            String alert = chair.evaluate("document.getElementById('slow-down-alert').textContent").asText();
            assertTrue(alert.contains("French") && alert.contains("Dominique") && alert.contains("slow down"), alert);
            assertEquals("alert", chair.evaluate("document.getElementById('slow-down-alert').getAttribute('role')").asText());

            PageAudio.screenshots(dominique, "interpreter");
            PageAudio.screenshots(delegate, "delegate");
            PageAudio.screenshots(chair, "chair-booths");

            // Camille presses the microphone while Dominique is live: warned, she takes over.
            camille.evaluate("document.getElementById('mic').click()");
            camille.waitFor("window.parley.state().bothLiveWarning", TIMEOUT);
            camille.evaluate("document.getElementById('take-over').click()");
            camille.waitFor("window.parley.state().live && !window.parley.state().bothLiveWarning", TIMEOUT);
            dominique.waitFor("!window.parley.state().live", TIMEOUT);

            // Camille offers the microphone again, then goes off air: Dominique's console hides the offer.
            camille.waitFor("!document.getElementById('request-handover').disabled", TIMEOUT);
            camille.evaluate("document.getElementById('request-handover').click()");
            dominique.waitFor("!document.getElementById('handover-request').hidden", TIMEOUT);
            camille.evaluate("document.getElementById('mic').click()");
            camille.waitFor("!window.parley.state().live", TIMEOUT);
            dominique.waitFor("document.getElementById('handover-request').hidden"
                    + " && window.parley.state().handoverFrom === null", TIMEOUT);
            assertEquals("Camille withdrew the handover offer.",
                    dominique.evaluate("document.getElementById('status').textContent").asText());

            // The original alone: the floor channel on the channel m-line, no slider to mix it under.
            assertTrue(delegate.evaluate("window.parley.choose('floor')").asText().contains("/floor/"));
            assertFalse(delegate.evaluate("window.parley.state().floorSlider").asBoolean());
            assertTrue(delegate.evaluate("document.getElementById('floor-volume-note').textContent").asText()
                    .startsWith("Unavailable"));
        } finally {
            Files.deleteIfExists(wav);
        }
    }
}
