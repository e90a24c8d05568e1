package org.parley.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;
import org.parley.media.MediaConfig;
import org.parley.media.MediaMetrics;
import org.parley.media.transport.TransportHost;

/**
 * A {@link TransportHost} without a socket, for benchmarks: datagrams sent to it are counted and
 * released.
 *
 * <p>It leaves out what production adds per datagram after {@link #send}: the Netty
 * {@code DatagramPacket} that {@code BatchedSender} wraps around each datagram, the channel write
 * and the {@code sendmsg} syscall. Its event loop is the calling thread ({@link ImmediateEventExecutor}
 * is always "in" its event loop), so transports run their event-loop work inline. The buffers come
 * from {@link PooledByteBufAllocator#DEFAULT}, as the media server's channel does; transports are
 * keyed without DTLS ({@link PreKeyedTransportHost}).
 */
final class SinkTransportHost extends PreKeyedTransportHost {

    private long datagramsSent;
    private BiConsumer<ByteBuf, InetSocketAddress> inspector;

    SinkTransportHost() {
        super(MediaConfig.defaults(), new MediaMetrics(new SimpleMeterRegistry()));
    }

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
    public EventExecutor eventLoop() {
        return ImmediateEventExecutor.INSTANCE;
    }
}
