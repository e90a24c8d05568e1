package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * The web apps in headless Chromium come back after the server closes their media transport (the
 * operator's {@code DELETE …/transports/{participantId}}, which the page sees as {@code transportClosed},
 * like an ICE consent lapse) and after their WebSocket drops (the server takes them out of the meeting;
 * they join again with their token). The delegate page offers only the tiers of the meeting's policy,
 * and after each loss follows the same channel and tier on a new peer connection, whose statistics show
 * audio packets arriving again; the interpreter console comes back off air and goes live again; the
 * chair console comes back with its microphone and hears the floor voices.
 */
@Timeout(180)
class MediaRecoveryChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void pagesRecoverTheirChannelAfterTransportClosedAndAfterAWebSocketDrop() throws Exception {
        Path wav = Files.createTempFile("parley-tone", ".wav");
        WavFile.writeTone(wav, 1000, 10, 48_000);
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.builder().fakeAudioCapture(wav).launch();
             BrowserPage interpreter = chromium.newPage();
             BrowserPage delegate = chromium.newPage();
             BrowserPage chair = chromium.newPage()) {
            String meeting = api.createMeeting("""
                    {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                     "tierPolicy": ["low", "standard"]}
                    """);
            interpreter.navigate(api.invite(meeting, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}")
                    .get("joinUrl").asText());
            delegate.navigate(api.invite(meeting, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("joinUrl").asText());
            chair.navigate(api.invite(meeting, "{\"role\": \"chair\", \"name\": \"Chris\"}").get("joinUrl").asText());
            interpreter.waitFor("window.parley && !document.getElementById('mic').disabled", TIMEOUT);
            interpreter.evaluate("document.getElementById('mic').click()");
            interpreter.waitFor("window.parley.state().live", TIMEOUT);

            // The connection menu offers what the meeting allows this delegate, best first, "Automatic" chosen.
            delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);
            JsonNode joined = delegate.evaluate("window.parley.state()");
            assertEquals("[\"standard\",\"low\"]", joined.get("tiers").toString(), joined.toString());
            assertEquals("auto", joined.get("selection").get("tier").asText(), joined.toString());
            delegate.evaluate("window.parley.choose('fr')");
            PageAudio.select(delegate, "bandwidth", "low");
            delegate.waitFor("window.parley.state().channel.endsWith('/fr/mixed/low')", TIMEOUT);
            String mid = delegate.evaluate("window.parley.state().mid").asText();
            PageAudio.awaitAudio(delegate, mid, 50, TIMEOUT);

            // The server closes the delegate's transport: a new peer connection, the same channel and tier.
            String ada = delegate.evaluate("window.parley.state().participantId").asText();
            recordStatus(delegate);
            api.closeTransport(meeting, ada);
            awaitRecovered(delegate, 1);
            assertEquals("Audio connection lost. Reconnecting (attempt 1 of 8)…", delegate.evaluate("window.statusLog[0]").asText());
            assertTrue(delegate.evaluate("window.statusLog.at(-1)").asText().startsWith("Reconnected. Listening to French"),
                    delegate.evaluate("window.statusLog").toString());
            delegate.waitFor("window.parley.state().channel.endsWith('/fr/mixed/low')", TIMEOUT);
            assertEquals(ada, delegate.evaluate("window.parley.state().participantId").asText(), "still in the meeting");
            PageAudio.awaitAudio(delegate, delegate.evaluate("window.parley.state().mid").asText(), 50, TIMEOUT);

            // The WebSocket drops: the page joins again (a new participant) and follows the same channel.
            recordStatus(delegate);
            delegate.evaluate("window.parley.dropSignaling()");
            awaitRecovered(delegate, 2);
            assertEquals("Connection to the server lost. Reconnecting (attempt 1 of 8)…",
                    delegate.evaluate("window.statusLog[0]").asText());
            JsonNode rejoined = delegate.evaluate("window.parley.state()");
            assertNotEquals(ada, rejoined.get("participantId").asText(), rejoined.toString());
            assertTrue(rejoined.get("channel").asText().endsWith("/fr/mixed/low"), rejoined.toString());
            assertEquals("low", rejoined.get("selection").get("tier").asText(), rejoined.toString());
            PageAudio.awaitAudio(delegate, rejoined.get("mid").asText(), 50, TIMEOUT);
            assertEquals("polite", delegate.evaluate("document.getElementById('status').getAttribute('aria-live')").asText(),
                    "the status line that says so is a live region");
            PageAudio.screenshots(delegate, "delegate-reconnected");

            // The interpreter's transport closes: back off air; once live again the delegate hears it.
            String camille = interpreter.evaluate("window.parley.state().participantId").asText();
            api.closeTransport(meeting, camille);
            awaitRecovered(interpreter, 1);
            assertFalse(interpreter.evaluate("window.parley.state().live").asBoolean());
            interpreter.waitFor("!document.getElementById('mic').disabled", TIMEOUT);
            interpreter.evaluate("document.getElementById('mic').click()");
            interpreter.waitFor("window.parley.state().live", TIMEOUT);
            String delegateMid = delegate.evaluate("window.parley.state().mid").asText();
            long received = PageAudio.inbound(delegate, delegateMid).path("packetsReceived").asLong();
            PageAudio.awaitAudio(delegate, delegateMid, received + 50, TIMEOUT);

            // The chair loses both connections in turn and comes back each time, microphone off.
            chair.waitFor("window.parley && window.parley.state().connectionState === 'connected'", TIMEOUT);
            api.closeTransport(meeting, chair.evaluate("window.parley.state().participantId").asText());
            awaitRecovered(chair, 1);
            chair.evaluate("window.parley.dropSignaling()");
            awaitRecovered(chair, 2);
            chair.waitFor("window.parley.state().connectionState === 'connected'", TIMEOUT);
            assertFalse(chair.evaluate("window.parley.state().micOn").asBoolean());
            chair.waitFor("window.parley.state().roster && window.parley.state().roster.some(p => p.name === 'Ada')",
                    TIMEOUT);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** Waits until the page has come back {@code times} times and its new peer connection is connected. */
    private static void awaitRecovered(BrowserPage page, int times) {
        PageAudio.awaitStats(page, "window.parley.state().recoveries === " + times
                + " && window.parley.state().connectionState === 'connected'", "no recovery #" + times, TIMEOUT);
    }

    /** From now on {@code window.statusLog} holds each text the page's status line (its live region) shows. */
    private static void recordStatus(BrowserPage page) {
        page.evaluate("(() => { window.statusLog = []; const status = document.getElementById('status');"
                + " window.statusObserver?.disconnect();"
                + " window.statusObserver = new MutationObserver(() => window.statusLog.push(status.textContent));"
                + " window.statusObserver.observe(status, {childList: true, characterData: true, subtree: true}); })()");
    }
}
