package org.parley.signaling.e2e;

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
 * The demo page in real headless Chromium against the whole server: two tabs join {@code demo},
 * both publish the fake microphone (a 1 kHz WAV), switch to "headset" (no voice processing), and each
 * hears the other through the SFU.
 */
@Timeout(120)
class DemoPageChromiumTest {

    @Test
    void twoPagesHearEachOtherThroughTheSfu() throws Exception {
        Path wav = Files.createTempFile("parley-tone", ".wav");
        WavFile.writeTone(wav, 1000, 10, 48_000);
        try (ParleyServer server = MediaTestServer.start();
             Chromium chromium = Chromium.builder().fakeAudioCapture(wav).launch();
             BrowserPage alice = chromium.newPage();
             BrowserPage bob = chromium.newPage()) {
            String base = "http://127.0.0.1:" + server.httpPort() + "/?autojoin=";
            alice.navigate(base + "Alice");
            bob.navigate(base + "Bob");
            // Both wear headsets: the test tone goes out untouched (noise suppression would take it for noise).
            for (BrowserPage page : new BrowserPage[] {alice, bob}) {
                page.waitFor("window.parley.state().status === 'joined'", Duration.ofSeconds(30));
                page.evaluate("document.getElementById('headset').click()");
                page.waitFor("window.parley.state().microphone.echoCancellation === false", Duration.ofSeconds(30));
            }

            String hearsSomeone = """
                    window.parley.inboundStats().then(s => s.some(x => x.packetsReceived > 50 && x.audioLevel > 0))""";
            PageAudio.awaitStats(bob, hearsSomeone, "Bob hears nobody", Duration.ofSeconds(30));
            PageAudio.awaitStats(alice, hearsSomeone, "Alice hears nobody", Duration.ofSeconds(30));

            JsonNode stats = bob.evaluate("window.parley.inboundStats()");
            JsonNode first = stats.get(0);
            assertTrue(first.get("packetsReceived").asLong() > 50, "Bob receives packets: " + stats);
            assertTrue(first.get("audioLevel").asDouble() > 0, "Bob's audio has a level: " + stats);

            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            bob.screenshot(shots.resolve("demo-desktop.png"), 1280, 800);
            bob.screenshot(shots.resolve("demo-phone.png"), 360, 740);
            assertTrue(Files.size(shots.resolve("demo-phone.png")) > 1000);
        } finally {
            Files.deleteIfExists(wav);
        }
    }
}
