package org.parley.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.parley.media.MediaConfig;
import org.parley.media.MediaMetrics;
import org.parley.media.dtls.DtlsCertificate;
import org.parley.media.router.Router;

/**
 * What a {@link WebRtcTransport} shares with every other transport: the UDP socket, its event loop,
 * the router, metrics and the server's DTLS certificate. The media server is the production host;
 * benchmarks supply one that sends into a sink.
 */
public interface TransportHost {

    MediaConfig config();

    /** The UDP port the socket is bound to (announced in candidates). */
    int udpPort();

    /**
     * The TCP port of the passive ICE-TCP candidate (RFC 6544), or {@link MediaConfig#TCP_DISABLED}
     * when transports offer none.
     */
    default int tcpPort() {
        return MediaConfig.TCP_DISABLED;
    }

    ByteBufAllocator allocator();

    /** The event loop that receives this socket's datagrams; transports run all their state on it. */
    EventExecutor eventLoop();

    /** Sends one datagram; takes ownership of {@code datagram}. Call on the event loop. */
    void send(ByteBuf datagram, InetSocketAddress recipient);

    Router router();

    MediaMetrics metrics();

    DtlsCertificate certificate();

    /** Runs blocking DTLS handshakes, away from the event loop. */
    Executor handshakeExecutor();

    /** Datagrams from {@code address} now belong to {@code transport} (ICE selected a new pair). */
    void addressSelected(WebRtcTransport transport, InetSocketAddress address);

    /** Forget the transport's ufrag and addresses. */
    void transportClosed(WebRtcTransport transport);
}
