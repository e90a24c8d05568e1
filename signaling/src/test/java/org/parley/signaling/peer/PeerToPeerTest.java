package org.parley.signaling.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the harness before any server exists: a publisher and a subscriber, each a real libwebrtc peer in
 * its own factory, connect directly over 127.0.0.1 and the subscriber hears the publisher's tone.
 */
@Timeout(30)
class PeerToPeerTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Test
    void publisherOffersAndSubscriberAnswers() {
        try (WebRtcPeer publisher = WebRtcPeer.publisher(1000);
             WebRtcPeer subscriber = WebRtcPeer.subscriber()) {
            String offer = publisher.createOffer();
            assertOnlyLoopbackCandidates(offer);
            assertTrue(offer.contains("a=sendonly"), offer);
            String answer = subscriber.answer(offer);
            assertOnlyLoopbackCandidates(answer);
            publisher.setAnswer(answer);

            publisher.awaitConnected(CONNECT_TIMEOUT);
            subscriber.awaitConnected(CONNECT_TIMEOUT);
            List<String> mids = subscriber.receivedMids();
            assertEquals(1, mids.size(), "one remote track");

            assertHearsCleanTone(publisher, subscriber, mids.getFirst(), 1000);
        }
    }

    /** The SFU's flow: the receiver offers a recvonly slot, the sender answers sendonly into it. */
    @Test
    void subscriberOffersARecvOnlySlotAndPublisherAnswers() {
        try (WebRtcPeer publisher = WebRtcPeer.publisher(600);
             WebRtcPeer subscriber = WebRtcPeer.subscriber()) {
            ReceiveSlot slot = subscriber.addRecvOnlyAudio();
            assertThrows(IllegalStateException.class, slot::mid, "no mid before the offer");
            String offer = subscriber.createOffer();
            assertTrue(offer.contains("a=mid:" + slot.mid() + "\r\n") && offer.contains("a=recvonly"), offer);

            subscriber.setAnswer(publisher.answer(offer));
            subscriber.awaitConnected(CONNECT_TIMEOUT);
            assertEquals(List.of(slot.mid()), subscriber.receivedMids());

            assertHearsCleanTone(publisher, subscriber, slot.mid(), 600);
            assertEquals(WebRtcPeer.CAPTURE_SECONDS * subscriber.sampleRate(),
                    slot.recentSamples(Integer.MAX_VALUE).length, "the ring keeps the last two seconds");
        }
    }

    @Test
    void waitsAreBoundedAndSayWhatTheySaw() {
        try (WebRtcPeer publisher = WebRtcPeer.publisher(1000);
             WebRtcPeer subscriber = WebRtcPeer.subscriber()) {
            publisher.createOffer();
            IllegalStateException unanswered = assertThrows(IllegalStateException.class,
                    () -> publisher.awaitConnected(Duration.ofMillis(300)));
            assertTrue(unanswered.getMessage().contains("connection NEW"), unanswered.getMessage());
            assertThrows(IllegalArgumentException.class, () -> subscriber.recentSamples("0", 10));
            assertThrows(IllegalStateException.class, publisher::addRecvOnlyAudio);
            assertEquals(0, subscriber.inboundAudioStats().streams());
        }
    }

    private static void assertHearsCleanTone(WebRtcPeer publisher, WebRtcPeer subscriber, String mid, double hz) {
        // Wait for the first audio, then for two more seconds of it: the last second is then tone only.
        subscriber.awaitSamples(mid, 1, CONNECT_TIMEOUT);
        int rate = subscriber.sampleRate();
        subscriber.awaitSamples(mid, 3L * rate, Duration.ofSeconds(15));

        short[] lastSecond = subscriber.recentSamples(mid, rate);
        assertEquals(rate, lastSecond.length);
        assertEquals(hz, ToneAnalyzer.dominantFrequency(lastSecond, rate), 10);
        // -12 dBFS peak is -15 dBFS RMS; Opus carries a pure tone within a few dB.
        assertEquals(-15, ToneAnalyzer.rmsDbfs(lastSecond), 4);
        // A dropout: 25 dB under the tone for longer than one 20 ms Opus packet. libwebrtc's jitter buffer conceals
        // a packet that comes late by continuing the tone, fading out, so silence means the stream stopped for longer
        // than the buffer and the fade together. The tone source pushes every frame due however late its thread
        // wakes (SineToneSource), so what is left to cause that is a peer starved for as long: a failure says how
        // late the tone source's own thread was.
        InboundAudioStats stats = subscriber.inboundAudioStats();
        String heard = String.format("longest gap %.0f ms, the tone source's thread at most %.1f ms late, %d samples"
                + " concealed", ToneAnalyzer.longestGapMillis(lastSecond, rate, -40), publisher.toneLatenessMillis(),
                stats.concealedSamples());
        System.out.println("peer to peer, " + hz + " Hz: " + heard);
        assertFalse(ToneAnalyzer.hasGapLongerThan(lastSecond, rate, 20, -40), "dropout: " + heard);
        assertEquals(1, stats.streams());
        assertTrue(stats.packetsReceived() >= 100, "packets received: " + stats.packetsReceived());
        assertEquals(0, stats.packetsLost());
        assertEquals(stats.packetsLost(), subscriber.packetsLost());
    }

    private static void assertOnlyLoopbackCandidates(String sdp) {
        List<String> candidates = sdp.lines().filter(line -> line.startsWith("a=candidate:")).toList();
        assertFalse(candidates.isEmpty(), "no candidates in\n" + sdp);
        for (String candidate : candidates) {
            assertTrue(candidate.contains(" udp ") && candidate.contains(" 127.0.0.1 "), candidate);
        }
    }
}
