package org.parley.media.transport;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;

/**
 * A stream connection that carries one transport's packets, each framed on its own: an ICE-TCP
 * connection (RFC 6544 with RFC 4571 framing). The transport sends through it as it sends datagrams
 * through the UDP socket; what frames, queues and flushes is the connection's business.
 *
 * <p>Event loop only (the transport's and the connection's are the same loop).
 */
public interface FramedConnection {

    /** The peer's end of the connection: the ICE remote candidate this connection is. */
    InetSocketAddress remoteAddress();

    /**
     * Sends one packet; takes ownership of {@code packet}. A connection whose outbound queue is full
     * (a slow reader) or that has closed releases it and counts the drop: it never blocks.
     */
    void send(ByteBuf packet);

    /** The first authenticated ICE check on this connection made it {@code transport}'s connection. */
    void attached(WebRtcTransport transport);

    /** Another connection of the same transport replaced this one: close it. */
    void replaced();

    /** The transport closed: close the connection. */
    void transportClosed();
}
