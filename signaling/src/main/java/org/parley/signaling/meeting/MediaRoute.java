package org.parley.signaling.meeting;

import java.net.InetSocketAddress;
import org.parley.media.transport.TransportState;
import org.parley.media.transport.WebRtcTransport;

/**
 * Which way a participant's media flows now, as its session knows it: for operators, who want to
 * know who is on a fragile path (TCP, a relay) when the sound goes bad.
 *
 * @param kind   how the media travels
 * @param remote the peer's address on that path (a TURN relay's address when the client relays; a
 *               room system's SIP signaling address), or null when unknown
 */
public record MediaRoute(Kind kind, InetSocketAddress remote) {

    /** No media path (yet). */
    public static final MediaRoute NONE = new MediaRoute(Kind.NONE, null);

    /** The path of {@code transport} (null for none): {@link #NONE} unless it is connected. Any thread. */
    public static MediaRoute of(WebRtcTransport transport) {
        InetSocketAddress remote = transport == null ? null : transport.selectedAddress();
        if (remote == null || transport.state() != TransportState.CONNECTED) {
            return NONE;
        }
        return new MediaRoute(transport.selectedOverTcp() ? Kind.TCP : Kind.UDP, remote);
    }

    /** The transports a participant's media can take. */
    public enum Kind {
        /** No transport, or ICE has not selected a path yet. */
        NONE,
        /** WebRTC over UDP (ICE host, server-reflexive or relayed candidates alike). */
        UDP,
        /** WebRTC over an ICE-TCP connection (RFC 6544). */
        TCP,
        /** A SIP call's plain RTP (a room system). */
        SIP
    }
}
