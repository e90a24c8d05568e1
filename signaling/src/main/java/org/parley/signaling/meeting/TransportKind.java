package org.parley.signaling.meeting;

import java.net.InetSocketAddress;
import java.util.Locale;
import org.parley.signaling.turn.TurnRelays;

/** How a participant's media reaches the server, as the dashboard names it. */
public enum TransportKind {
    /** No media path yet (joined without media, or ICE still checking). */
    NONE,
    /** WebRTC over UDP straight from the client (host or server-reflexive candidate). */
    UDP,
    /** WebRTC over ICE-TCP (RFC 6544): a network that blocks UDP; head-of-line blocking makes loss hurt more. */
    TCP,
    /**
     * WebRTC over UDP from a configured TURN server's address: the client relays (RFC 8656), behind a
     * firewall that lets neither UDP nor TCP reach the media port.
     */
    TURN,
    /** A SIP call's plain RTP. */
    SIP;

    /** The name on the wire: {@code none}, {@code udp}, {@code tcp}, {@code turn} or {@code sip}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Classifies {@code route}: ICE-lite never sees the client's candidate types, but relayed media
     * arrives from the TURN server's relay address, which {@code relays} knows.
     */
    public static TransportKind of(MediaRoute route, TurnRelays relays) {
        return switch (route.kind()) {
            case NONE -> NONE;
            case TCP -> TCP;
            case SIP -> SIP;
            case UDP -> {
                InetSocketAddress remote = route.remote();
                yield remote != null && relays.relayed(remote) ? TURN : UDP;
            }
        };
    }
}
