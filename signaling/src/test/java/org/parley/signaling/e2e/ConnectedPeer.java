package org.parley.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.parley.signaling.peer.ReceiveSlot;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.WebRtcPeer;

/** A libwebrtc peer with its signaling connection, negotiated and connected: publishing a tone, or receiving on one m-line. */
final class ConnectedPeer implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    final WebRtcPeer peer;
    final SignalingClient signaling;
    /** The receiving m-line of a listener, null for a publisher. */
    final ReceiveSlot slot;
    /** The producer a publisher's offer created, null for a listener. */
    final String producerId;

    private ConnectedPeer(WebRtcPeer peer, SignalingClient signaling, ReceiveSlot slot, String producerId) {
        this.peer = peer;
        this.signaling = signaling;
        this.slot = slot;
        this.producerId = producerId;
    }

    static ConnectedPeer publishing(SignalingClient signaling, double hz) throws Exception {
        return connected(WebRtcPeer.publisher(hz), signaling, null);
    }

    static ConnectedPeer listening(SignalingClient signaling) throws Exception {
        WebRtcPeer peer = WebRtcPeer.subscriber();
        return connected(peer, signaling, peer.addRecvOnlyAudio());
    }

    private static ConnectedPeer connected(WebRtcPeer peer, SignalingClient signaling, ReceiveSlot slot) throws Exception {
        JsonNode answer = signaling.offer(peer.createOffer());
        peer.setAnswer(answer.get("sdp").asText());
        peer.awaitConnected(TIMEOUT);
        JsonNode producers = answer.get("producers");
        return new ConnectedPeer(peer, signaling, slot, producers.isEmpty() ? null : producers.get(0).asText());
    }

    @Override
    public void close() {
        signaling.close();
        peer.close();
    }
}
