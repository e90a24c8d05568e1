package org.parley.media.dtls;

/**
 * Receives the outcome of a {@link DtlsTransport}. Calls come from the transport's handshake thread, except an
 * {@link #onClosed} caused by {@link DtlsTransport#close()} or {@link DtlsTransport#start()} while no handshake thread
 * runs (closed before start, executor rejected the task), which comes from that caller. Implementations must not block
 * for long and should hand work over to their own event loop.
 */
public interface DtlsListener {

    /**
     * The handshake completed and the peer proved it owns the certificate announced in its SDP. Called at most once.
     *
     * @param srtpProtectionProfile the negotiated RFC 5764 §4.1.2 profile id, e.g. {@code 0x0001} or {@code 0x0007}
     * @param keyingMaterial        RFC 5764 §4.2 keying material: client key, server key, client salt, server salt;
     *                              the array belongs to the listener
     */
    void onHandshakeComplete(int srtpProtectionProfile, byte[] keyingMaterial);

    /**
     * The association ended: handshake failure or timeout, alert or close_notify from the peer, or a local
     * {@link DtlsTransport#close()}. Called at most once.
     *
     * @param reason a short human readable reason starting with {@code "DTLS: "}
     */
    void onClosed(String reason);
}
