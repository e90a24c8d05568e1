package org.parley.media.icetcp;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import org.parley.media.MediaMetrics;
import org.parley.media.transport.BatchedSender;
import org.parley.media.transport.FramedConnection;
import org.parley.media.transport.WebRtcTransport;

/**
 * One accepted ICE-TCP connection as its transport sees it: where its packets go, and how it ends.
 *
 * <p>The outbound queue is bounded by the channel's write buffer water mark: while Netty reports the
 * channel unwritable (the peer reads slower than we send, and the kernel's send buffer is full),
 * packets are released and counted as {@code tcp_backlog} drops instead of queued, so a slow reader
 * costs neither memory nor time on the event loop. Writes are flushed once per read batch
 * ({@link BatchedSender#flushLater}). Event loop only.
 */
final class IceTcpConnection implements FramedConnection {

    private final Channel channel;
    private final MediaMetrics metrics;
    private final BatchedSender batch;
    private final Runnable flush = this::flushNow;
    private boolean flushPending;
    private boolean closing;
    private WebRtcTransport transport;

    IceTcpConnection(Channel channel, MediaMetrics metrics, BatchedSender batch) {
        this.channel = channel;
        this.metrics = metrics;
        this.batch = batch;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public void send(ByteBuf packet) {
        if (closing || !channel.isActive()) {
            packet.release();
            metrics.droppedTcpClosed.increment();
            return;
        }
        if (!channel.isWritable()) {
            packet.release();
            metrics.droppedTcpBacklog.increment();
            return;
        }
        metrics.packetsSent.increment();
        metrics.bytesSent.increment(packet.readableBytes());
        channel.write(packet, channel.voidPromise()); // the encoder releases it
        if (!flushPending) {
            flushPending = true;
            batch.flushLater(flush);
        }
    }

    private void flushNow() {
        flushPending = false;
        channel.flush();
    }

    @Override
    public void attached(WebRtcTransport owner) {
        this.transport = owner;
    }

    /** The transport whose connection this is, or null until its first authenticated check. */
    WebRtcTransport transport() {
        return transport;
    }

    @Override
    public void replaced() {
        close(metrics.tcpClosedReplaced);
    }

    @Override
    public void transportClosed() {
        close(metrics.tcpClosedTransport);
    }

    /**
     * Closes the connection once, counting why; what was written so far is flushed first (an
     * error response, a close_notify).
     */
    void close(Counter reason) {
        if (closing) {
            return;
        }
        closing = true;
        reason.increment();
        channel.flush();
        channel.close();
    }

    /** The channel went inactive; counts a close we did not make as the peer's. */
    void closed() {
        if (!closing) {
            closing = true;
            metrics.tcpClosedPeer.increment();
        }
        if (transport != null) {
            transport.connectionClosed(this);
        }
    }

    @Override
    public String toString() {
        return "ICE-TCP " + channel.remoteAddress();
    }
}
