package org.parley.media.router;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import org.parley.media.MediaConfig;
import org.parley.media.MediaMetrics;
import org.parley.media.dtls.DtlsCertificate;
import org.parley.media.transport.TransportHost;
import org.parley.media.transport.WebRtcTransport;

/**
 * A {@link TransportHost} without a socket: the test thread is the event loop, and every datagram
 * a transport sends is kept until a {@link BrowserPeer} takes the ones addressed to it.
 *
 * <p>DTLS handshakes are never run (their tasks are kept, not executed): tests key transports
 * directly with {@link WebRtcTransport#startMedia}.
 */
final class RecordingTransportHost implements TransportHost {

    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();

    private final Router router = new Router();
    private final MediaMetrics metrics = new MediaMetrics(new SimpleMeterRegistry());
    /** Direct like the server's, but unpooled: its metric shows exactly the bytes not yet released. */
    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);
    private final List<Sent> sent = new ArrayList<>();
    private final List<Runnable> parkedHandshakes = new ArrayList<>();
    private final List<WebRtcTransport> closed = new ArrayList<>();

    /** A datagram a transport handed to the socket; {@code datagram} is owned by this host until taken. */
    private record Sent(ByteBuf datagram, InetSocketAddress recipient) {
    }

    /**
     * Removes and returns the datagrams sent to {@code recipient}, oldest first, as byte arrays
     * (the buffers are released here).
     */
    List<byte[]> takeSentTo(InetSocketAddress recipient) {
        List<byte[]> taken = new ArrayList<>();
        for (Iterator<Sent> it = sent.iterator(); it.hasNext(); ) {
            Sent s = it.next();
            if (s.recipient().equals(recipient)) {
                byte[] bytes = new byte[s.datagram().readableBytes()];
                s.datagram().readBytes(bytes);
                s.datagram().release();
                taken.add(bytes);
                it.remove();
            }
        }
        return taken;
    }

    List<WebRtcTransport> closedTransports() {
        return closed;
    }

    /**
     * Releases the datagrams nobody took and returns the bytes of every other buffer the transports
     * allocated and still hold: 0 unless a buffer leaked.
     */
    long releaseAll() {
        for (Sent s : sent) {
            s.datagram().release();
        }
        sent.clear();
        return allocator.metric().usedDirectMemory() + allocator.metric().usedHeapMemory();
    }

    @Override
    public MediaConfig config() {
        return MediaConfig.udpOnly("127.0.0.1", "127.0.0.1", 0);
    }

    @Override
    public int udpPort() {
        return 40000;
    }

    @Override
    public ByteBufAllocator allocator() {
        return allocator;
    }

    @Override
    public EventExecutor eventLoop() {
        return ImmediateEventExecutor.INSTANCE; // inEventLoop() is always true: tasks run in the caller
    }

    @Override
    public void send(ByteBuf datagram, InetSocketAddress recipient) {
        sent.add(new Sent(datagram, recipient));
    }

    @Override
    public Router router() {
        return router;
    }

    @Override
    public MediaMetrics metrics() {
        return metrics;
    }

    @Override
    public DtlsCertificate certificate() {
        return CERTIFICATE;
    }

    @Override
    public Executor handshakeExecutor() {
        return parkedHandshakes::add;
    }

    @Override
    public void addressSelected(WebRtcTransport transport, InetSocketAddress address) {
    }

    @Override
    public void transportClosed(WebRtcTransport transport) {
        closed.add(transport);
    }
}
