package org.parley.media.transport;

import java.util.List;
import java.util.function.Consumer;
import org.parley.media.sdp.SdpException;

/**
 * One participant's connection: ICE-lite, DTLS-SRTP, all m-lines bundled on the shared UDP port.
 */
public final class WebRtcTransport {

    public String id() {
        throw new UnsupportedOperationException("being built");
    }

    /**
     * Applies the peer's SDP offer and returns our answer. Every m-line the peer sends on becomes a
     * producer; every m-line it only receives on becomes a consumer (not yet connected to a producer).
     * A later offer on the same transport may add m-lines; existing ones keep their producers/consumers.
     */
    public Negotiation negotiate(String offerSdp) throws SdpException {
        throw new UnsupportedOperationException("being built");
    }

    public List<org.parley.media.router.Producer> producers() {
        throw new UnsupportedOperationException("being built");
    }

    /** The consumer negotiated on {@code mid}, or null. */
    public org.parley.media.router.Consumer consumer(String mid) {
        throw new UnsupportedOperationException("being built");
    }

    public TransportState state() {
        throw new UnsupportedOperationException("being built");
    }

    public TransportStats stats() {
        throw new UnsupportedOperationException("being built");
    }

    /** Called once when the transport closes (by {@link #close()}, ICE consent lapse or DTLS failure). */
    public void onClose(Consumer<String> reasonListener) {
        throw new UnsupportedOperationException("being built");
    }

    public void close() {
        throw new UnsupportedOperationException("being built");
    }

    /** The answer and the streams it created. */
    public record Negotiation(String answerSdp,
                              List<org.parley.media.router.Producer> newProducers,
                              List<org.parley.media.router.Consumer> newConsumers) {
    }
}
