package org.parley.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.parley.media.MediaConfig;
import org.parley.media.MediaMetrics;
import org.parley.media.dtls.DtlsCertificate;
import org.parley.media.router.Router;
import org.parley.media.transport.TransportHost;
import org.parley.media.transport.WebRtcTransport;

/**
 * A {@link TransportHost} without a socket, for benchmarks: datagrams sent to it are counted and
 * released.
 *
 * <p>It leaves out what production adds per datagram after {@link #send}: the Netty
 * {@code DatagramPacket} that {@code BatchedSender} wraps around each datagram, the channel write
 * and the {@code sendmsg} syscall. Its event loop is the calling thread ({@link ImmediateEventExecutor}
 * is always "in" its event loop), so transports run their event-loop work inline. The buffers come
 * from {@link PooledByteBufAllocator#DEFAULT}, as the media server's channel does. Transports are
 * keyed directly with {@link WebRtcTransport#startMedia}; DTLS handshakes submitted to
 * {@link #handshakeExecutor()} are dropped and never run.
 */
final class SinkTransportHost implements TransportHost {

    private final MediaConfig config = MediaConfig.defaults();
    private final Router router = new Router();
    private final MediaMetrics metrics = new MediaMetrics(new SimpleMeterRegistry());
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private long datagramsSent;
    private BiConsumer<ByteBuf, InetSocketAddress> inspector;

    /** Datagrams sent since this host was created. */
    long datagramsSent() {
        return datagramsSent;
    }

    /**
     * Shows every datagram sent from now on to {@code inspector} (null: none) before it is released;
     * the inspector may modify it but must not release or retain it. For checks outside measurement.
     */
    void inspect(BiConsumer<ByteBuf, InetSocketAddress> inspector) {
        this.inspector = inspector;
    }

    @Override
    public void send(ByteBuf datagram, InetSocketAddress recipient) {
        datagramsSent++;
        try {
            if (inspector != null) {
                inspector.accept(datagram, recipient);
            }
        } finally {
            datagram.release();
        }
    }

    @Override
    public MediaConfig config() {
        return config;
    }

    @Override
    public int udpPort() {
        return config.udpPort();
    }

    @Override
    public ByteBufAllocator allocator() {
        return PooledByteBufAllocator.DEFAULT;
    }

    @Override
    public EventExecutor eventLoop() {
        return ImmediateEventExecutor.INSTANCE;
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
        return certificate;
    }

    @Override
    public Executor handshakeExecutor() {
        return handshake -> {
            // Keys are installed with startMedia: the handshake never runs.
        };
    }

    @Override
    public void addressSelected(WebRtcTransport transport, InetSocketAddress address) {
        // No socket to demultiplex: datagrams are handed to the transport directly.
    }

    @Override
    public void transportClosed(WebRtcTransport transport) {
    }
}
