package org.parley.media.transport;

public enum TransportState {
    /** Created; waiting for the peer's ICE checks. */
    NEW,
    /** A valid STUN binding request arrived; DTLS handshake in progress. */
    CONNECTING,
    /** DTLS done, SRTP keys in place: media flows. */
    CONNECTED,
    CLOSED
}
