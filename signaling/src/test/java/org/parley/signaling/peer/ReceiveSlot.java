package org.parley.signaling.peer;

import dev.onvoid.webrtc.RTCRtpTransceiver;

/**
 * A recvonly audio transceiver added by {@link WebRtcPeer#addRecvOnlyAudio()}.
 *
 * <p>libwebrtc assigns the mid when the offer is applied locally, so {@link #mid()} answers only after
 * {@link WebRtcPeer#createOffer()}; that mid is what the client names in {@code subscribe {mid, producerId}}.
 */
public final class ReceiveSlot {

    private final WebRtcPeer peer;
    private final RTCRtpTransceiver transceiver;

    ReceiveSlot(WebRtcPeer peer, RTCRtpTransceiver transceiver) {
        this.peer = peer;
        this.transceiver = transceiver;
    }

    /**
     * The transceiver's mid.
     *
     * @throws IllegalStateException before the offer was created
     */
    public String mid() {
        String mid = transceiver.getMid();
        if (mid == null) {
            throw new IllegalStateException("no mid before createOffer()");
        }
        return mid;
    }

    /** The last {@code count} samples received on this slot (see {@link WebRtcPeer#recentSamples}). */
    public short[] recentSamples(int count) {
        return peer.recentSamples(mid(), count);
    }
}
