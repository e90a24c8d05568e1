package org.parley.signaling.metrics;

import java.net.InetSocketAddress;
import org.parley.media.transport.TransportState;
import org.parley.media.transport.WebRtcTransport;
import org.parley.signaling.turn.TurnRelays;

/**
 * How a participant's media reaches Parley: the {@code kind} label of {@code parley_transports}.
 */
public enum TransportKind {
    /** WebRTC over UDP, directly. */
    UDP("udp"),
    /** WebRTC over an ICE-TCP connection to the media TCP port (RFC 6544). */
    TCP("tcp"),
    /** WebRTC relayed by one of Parley's TURN servers (see {@link TurnRelays}); the relay sends over UDP. */
    TURN("turn"),
    /** A SIP call's RTP. */
    SIP("sip");

    private final String label;

    TransportKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The kind of {@code transport}'s selected path; null until it is connected. Any thread. */
    public static TransportKind of(WebRtcTransport transport, TurnRelays relays) {
        InetSocketAddress peer = transport.selectedAddress();
        if (transport.state() != TransportState.CONNECTED || peer == null) {
            return null;
        }
        if (transport.selectedOverTcp()) {
            return TCP;
        }
        return relays.relayed(peer) ? TURN : UDP;
    }
}
