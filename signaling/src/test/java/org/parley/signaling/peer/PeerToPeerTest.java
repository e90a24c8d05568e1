package org.parley.signaling.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the harness before any server exists: a publisher and a subscriber, each a real libwebrtc peer in
 * its own factory, connect directly over 127.0.0.1 and the subscriber hears the publisher's tone.
 */
class PeerToPeerTest {

    @Test
    @Timeout(30)
    void subscriberHearsPublishersToneOverLoopback() {
        try (WebRtcPeer publisher = WebRtcPeer.publisher(1000);
             WebRtcPeer subscriber = WebRtcPeer.subscriber()) {
            String offer = publisher.createOffer();
            assertOnlyLoopbackCandidates(offer);
            String answer = subscriber.answer(offer);
            assertOnlyLoopbackCandidates(answer);
            publisher.setAnswer(answer);

            publisher.awaitConnected(Duration.ofSeconds(10));
            subscriber.awaitConnected(Duration.ofSeconds(10));

            List<String> mids = subscriber.receivedMids();
            assertEquals(1, mids.size(), "one remote track");
            String mid = mids.getFirst();
            // Two seconds of audio once the first arrived: the ring then holds tone only, no start-up silence.
            subscriber.awaitSamples(mid, 1, Duration.ofSeconds(10));
            int rate = subscriber.sampleRate();
            subscriber.awaitSamples(mid, 3L * rate, Duration.ofSeconds(15));

            short[] second = subscriber.recentSamples(mid, rate);
            assertEquals(rate, second.length);
            assertEquals(1000, ToneAnalyzer.dominantFrequency(second, rate), 10);
            // -12 dBFS peak is -15 dBFS RMS; Opus keeps a pure tone within a few dB.
            assertEquals(-15, ToneAnalyzer.rmsDbfs(second), 4);
            assertFalse(ToneAnalyzer.hasGapLongerThan(second, rate, 20, -40), "no dropout");

            InboundAudioStats stats = subscriber.inboundAudioStats();
            assertEquals(1, stats.streams());
            assertTrue(stats.packetsReceived() >= 100, "packets received: " + stats.packetsReceived());
            assertEquals(0, stats.packetsLost());
        }
    }

    private static void assertOnlyLoopbackCandidates(String sdp) {
        List<String> candidates = sdp.lines().filter(line -> line.startsWith("a=candidate:")).toList();
        assertFalse(candidates.isEmpty(), "no candidates in\n" + sdp);
        for (String candidate : candidates) {
            assertTrue(candidate.contains(" udp ") && candidate.contains(" 127.0.0.1 "), candidate);
        }
    }
}
