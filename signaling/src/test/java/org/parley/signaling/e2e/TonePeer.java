package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.parley.signaling.peer.ReceiveSlot;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.ToneAnalyzer;
import org.parley.signaling.peer.WebRtcPeer;

/** A libwebrtc peer with its signaling connection, connected to the server: publishing a tone, or receiving on one m-line. */
final class TonePeer implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    final WebRtcPeer peer;
    final SignalingClient signaling;
    /** The receiving m-line of a listener; null for a publisher. */
    final ReceiveSlot slot;
    /** The producer a publisher's offer created; null for a listener. */
    final String producerId;

    private TonePeer(WebRtcPeer peer, SignalingClient signaling, ReceiveSlot slot, String producerId) {
        this.peer = peer;
        this.signaling = signaling;
        this.slot = slot;
        this.producerId = producerId;
    }

    /** Publishes a continuous {@code hz} sine on a joined {@code signaling} connection. */
    static TonePeer publishing(SignalingClient signaling, double hz) throws Exception {
        return connected(WebRtcPeer.publisher(hz), signaling, null);
    }

    /**
     * Publishes a continuous {@code hz} sine and has one receiving m-line too, whose audio is not
     * played out (see {@link WebRtcPeer#addUnplayedRecvOnlyAudio()}): check what it gets at the server.
     */
    static TonePeer speakingAndListening(SignalingClient signaling, double hz) throws Exception {
        WebRtcPeer peer = WebRtcPeer.publisher(hz);
        return connected(peer, signaling, peer.addUnplayedRecvOnlyAudio());
    }

    /** Receives on one m-line, subscribed to nothing yet. */
    static TonePeer listening(SignalingClient signaling) throws Exception {
        WebRtcPeer peer = WebRtcPeer.subscriber();
        return connected(peer, signaling, peer.addRecvOnlyAudio());
    }

    /**
     * Receives on one m-line, subscribed to nothing yet, with its media through {@code proxy} (the SDP
     * answer's host candidate points at it), so that the proxy's drop policies apply to it. Takes
     * {@code signaling} over: closed with the peer, or at once if connecting fails.
     */
    static TonePeer listeningThrough(LossyUdpProxy proxy, SignalingClient signaling) throws Exception {
        WebRtcPeer peer = WebRtcPeer.subscriber();
        try {
            ReceiveSlot slot = peer.addRecvOnlyAudio();
            JsonNode answer = signaling.offer(peer.createOffer());
            peer.setAnswer(proxy.rewriteAnswer(answer.get("sdp").asText()));
            peer.awaitConnected(TIMEOUT);
            return new TonePeer(peer, signaling, slot, null);
        } catch (Exception | AssertionError e) {
            peer.close();
            signaling.close();
            throw e;
        }
    }

    private static TonePeer connected(WebRtcPeer peer, SignalingClient signaling, ReceiveSlot slot) throws Exception {
        JsonNode answer = signaling.offer(peer.createOffer());
        peer.setAnswer(answer.get("sdp").asText());
        peer.awaitConnected(TIMEOUT);
        JsonNode producers = answer.get("producers");
        return new TonePeer(peer, signaling, slot, producers.isEmpty() ? null : producers.get(0).asText());
    }

    /** {@code subscribeChannel} on the listener's m-line; returns {@code subscribed}. */
    JsonNode subscribeChannel(String language, String variant, String tier) throws Exception {
        return subscribeChannel(signaling, slot.mid(), language, variant, tier);
    }

    /** {@code subscribeChannel} on any receiving m-line {@code mid} of {@code signaling}'s participant. */
    static JsonNode subscribeChannel(SignalingClient signaling, String mid, String language, String variant,
                                     String tier) throws Exception {
        return signaling.request(SignalingClient.message("subscribeChannel").put("mid", mid)
                .put("language", language).put("variant", variant).put("tier", tier), TIMEOUT);
    }

    /** The last {@code millis} the listener played out. */
    short[] recent(int millis) {
        return slot.recentSamples((int) ((long) peer.sampleRate() * millis / 1000));
    }

    /** Asserts that the tone of the last half second the listener played out is {@code hz}. */
    void assertHears(double hz, String what) {
        double dominant = ToneAnalyzer.dominantFrequency(recent(500), peer.sampleRate());
        assertEquals(hz, dominant, 10, what + ": the listener hears " + dominant + " Hz");
    }

    /** The level of {@code hz} in {@code samples} this listener played out, in dB. */
    double levelDb(short[] samples, double hz) {
        return ToneAnalyzer.levelAtDb(samples, peer.sampleRate(), hz);
    }

    @Override
    public void close() {
        signaling.close();
        peer.close();
    }
}
