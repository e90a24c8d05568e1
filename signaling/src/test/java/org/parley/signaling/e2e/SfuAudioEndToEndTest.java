package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.peer.ReceiveSlot;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.ToneAnalyzer;
import org.parley.signaling.peer.WebRtcPeer;

/**
 * Real libwebrtc peers through our SFU over the real UDP path: ICE-lite, DTLS-SRTP, forwarding with
 * SSRC/sequence/timestamp rewriting, and a source switch without renegotiation.
 */
@Timeout(120)
class SfuAudioEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private ParleyServer server;

    @BeforeEach
    void start() throws Exception {
        server = MediaTestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void twoSubscribersHearThePublisherAndOneSwitchesWithoutRenegotiation() throws Exception {
        try (Publishing a = Publishing.start(server, "A", 1000);
             Publishing d = Publishing.start(server, "D", 600);
             Subscribing b = Subscribing.start(server, "B", a.producerId);
             Subscribing c = Subscribing.start(server, "C", a.producerId)) {

            assertTone(b, 1000);
            assertTone(c, 1000);
            assertEquals(0, b.peer.packetsLost(), "loss on loopback");
            assertEquals(0, c.peer.packetsLost(), "loss on loopback");

            long packetsBeforeSwitch = b.peer.packetsReceived();
            b.signaling.subscribe(b.slot.mid(), d.producerId); // switch: no new offer/answer
            Thread.sleep(1500);
            assertTone(b, 600);
            assertTone(c, 1000);
            assertTrue(b.peer.packetsReceived() > packetsBeforeSwitch + 50, "packets keep arriving after the switch");
            assertEquals(0, b.peer.packetsLost(), "the switch must look like one continuous stream");
            short[] recent = b.slot.recentSamples(48_000);
            assertFalse(ToneAnalyzer.hasGapLongerThan(recent, b.peer.sampleRate(), 60, -50),
                    "no audible gap around the switch");
        }
    }

    private static void assertTone(Subscribing s, double hz) {
        s.peer.awaitSamples(s.slot.mid(), 48_000, TIMEOUT);
        short[] samples = s.slot.recentSamples(48_000);
        double dominant = ToneAnalyzer.dominantFrequency(samples, s.peer.sampleRate());
        assertEquals(hz, dominant, 10, s.name + " hears " + dominant + " Hz");
    }

    /** A libwebrtc peer publishing a tone into the demo meeting. */
    static final class Publishing implements AutoCloseable {
        final WebRtcPeer peer;
        final SignalingClient signaling;
        final String producerId;

        private Publishing(WebRtcPeer peer, SignalingClient signaling, String producerId) {
            this.peer = peer;
            this.signaling = signaling;
            this.producerId = producerId;
        }

        static Publishing start(ParleyServer server, String name, double hz) throws Exception {
            WebRtcPeer peer = WebRtcPeer.publisher(hz);
            SignalingClient signaling = SignalingClient.connect(MediaTestServer.webSocket(server));
            signaling.join("demo", name);
            JsonNode answer = signaling.offer(peer.createOffer());
            peer.setAnswer(answer.get("sdp").asText());
            peer.awaitConnected(TIMEOUT);
            assertEquals(1, answer.get("producers").size(), "one producer per published track");
            return new Publishing(peer, signaling, answer.get("producers").get(0).asText());
        }

        @Override
        public void close() {
            signaling.close();
            peer.close();
        }
    }

    /** A libwebrtc peer receiving one producer through the SFU. */
    static final class Subscribing implements AutoCloseable {
        final String name;
        final WebRtcPeer peer;
        final SignalingClient signaling;
        final ReceiveSlot slot;

        private Subscribing(String name, WebRtcPeer peer, SignalingClient signaling, ReceiveSlot slot) {
            this.name = name;
            this.peer = peer;
            this.signaling = signaling;
            this.slot = slot;
        }

        static Subscribing start(ParleyServer server, String name, String producerId) throws Exception {
            WebRtcPeer peer = WebRtcPeer.subscriber();
            SignalingClient signaling = SignalingClient.connect(MediaTestServer.webSocket(server));
            signaling.join("demo", name);
            ReceiveSlot slot = peer.addRecvOnlyAudio();
            JsonNode answer = signaling.offer(peer.createOffer());
            peer.setAnswer(answer.get("sdp").asText());
            peer.awaitConnected(TIMEOUT);
            signaling.subscribe(slot.mid(), producerId);
            return new Subscribing(name, peer, signaling, slot);
        }

        @Override
        public void close() {
            signaling.close();
            peer.close();
        }
    }
}
