package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.mixer.tier.TierSet;
import org.parley.signaling.peer.ReceiveSlot;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.ToneAnalyzer;
import org.parley.signaling.peer.WebRtcPeer;

/**
 * {@code tier: "auto"} through the real UDP path: a libwebrtc listener whose downlink loses a quarter
 * of the server's RTP packets ({@link LossyUdpProxy}) reports it in RTCP, and the server moves it
 * down the tiers one report at a time, on the same m-line, while it goes on hearing the floor; a
 * listener on a clean link stays on {@code standard}.
 */
@Timeout(90)
class AutoTierEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** libwebrtc reports on received audio about every 5 s (0.5 to 1.5 times that). */
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(25);
    private static final double FLOOR_HZ = 440;
    private static final double DOWNLINK_LOSS = 0.25;
    private static final long SEED = 20261124L;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
                {"title": "Council", "languages": ["fr", "en"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                 "floorControl": "open"}
                """);

    @Test
    void aLossyListenerStepsDownToMinimalAndKeepsHearingTheFloorWhileACleanOneStays() throws Exception {
        try (LossyUdpProxy proxy = new LossyUdpProxy(LossyUdpProxy.DropPolicy.NONE,
                LossyUdpProxy.DropPolicy.random(DOWNLINK_LOSS, SEED));
             TonePeer floor = TonePeer.publishing(meeting.join("{\"role\": \"delegate\", \"name\": \"Floor\"}"),
                     FLOOR_HZ);
             TonePeer clean = TonePeer.listening(meeting.join("{\"role\": \"delegate\", \"name\": \"Clean\"}"));
             TonePeer lossyListener = TonePeer.listeningThrough(proxy,
                     meeting.join("{\"role\": \"delegate\", \"name\": \"Lossy\"}"))) {
            SignalingClient lossySignaling = lossyListener.signaling;
            WebRtcPeer lossy = lossyListener.peer;
            ReceiveSlot slot = lossyListener.slot;

            JsonNode subscribed = TonePeer.subscribeChannel(lossySignaling, slot.mid(), "floor", "mixed", "auto");
            assertEquals("standard", subscribed.path("tier").asText(), subscribed.toString());
            assertTrue(subscribed.path("auto").asBoolean(), subscribed.toString());
            JsonNode cleanSubscribed = clean.subscribeChannel("floor", "mixed", "auto");
            assertEquals("standard", cleanSubscribed.path("tier").asText(), cleanSubscribed.toString());
            lossy.awaitSamples(slot.mid(), 48_000, TIMEOUT);

            JsonNode toLow = lossySignaling.awaitEvent("tierChanged", REPORT_TIMEOUT);
            assertEquals(slot.mid(), toLow.path("mid").asText(), toLow.toString());
            assertEquals("low", toLow.path("tier").asText(), toLow.toString());
            assertTrue(toLow.path("lossPercent").asDouble() >= 8, toLow.toString());
            assertTrue(toLow.path("producerId").asText().endsWith("/floor/mixed/low"), toLow.toString());

            // Still the floor, on the same m-line, with no renegotiation: low's packets (120 ms), a
            // quarter of them lost; at least half of those expected in 2 s (shorter than the earliest
            // next report, which would move the listener on to minimal).
            long packetsBefore = lossy.packetsReceived();
            Thread.sleep(2000);
            long expected = Math.round(2000.0 / TierSet.LOW.frameMillis() * (1 - DOWNLINK_LOSS));
            assertTrue(lossy.packetsReceived() > packetsBefore + expected / 2,
                    "packets on low " + packetsBefore + " -> " + lossy.packetsReceived());
            short[] lastSecond = slot.recentSamples(lossy.sampleRate());
            double dominant = ToneAnalyzer.dominantFrequency(lastSecond, lossy.sampleRate());
            assertEquals(FLOOR_HZ, dominant, 10, "the lossy listener hears " + dominant + " Hz on low");

            JsonNode toMinimal = lossySignaling.awaitEvent("tierChanged", REPORT_TIMEOUT);
            assertEquals("minimal", toMinimal.path("tier").asText(), toMinimal.toString());
            // minimal has DTX, which takes a steady tone for background after a while: fewer packets, but some.
            long packetsOnMinimal = lossy.packetsReceived();
            Thread.sleep(2000);
            assertTrue(lossy.packetsReceived() > packetsOnMinimal,
                    "packets on minimal " + packetsOnMinimal + " -> " + lossy.packetsReceived());
            assertTrue(proxy.dropped() > 0, "the proxy dropped nothing");

            assertThrows(TimeoutException.class, () -> clean.signaling.awaitEvent("tierChanged", Duration.ofMillis(200)),
                    "a listener on a clean link stays on standard");
            assertEquals(2, MediaTestServer.counter(meeting.server(), "parley.auto.tier.moves", "direction", "down"));
            assertEquals(0, MediaTestServer.counter(meeting.server(), "parley.auto.tier.moves", "direction", "up"));
        }
    }
}
