package org.parley.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.parley.media.MediaMetrics;

/**
 * Writes datagrams to the UDP channel, flushing once per batch of reads instead of once per
 * datagram (one syscall for many packets under load). Outside a batch (timers, DTLS) each write
 * is flushed at once. Event loop only.
 */
public final class BatchedSender {

    private final Channel channel;
    private final MediaMetrics metrics;
    private boolean inBatch;
    private boolean pending;

    public BatchedSender(Channel channel, MediaMetrics metrics) {
        this.channel = channel;
        this.metrics = metrics;
    }

    /** Takes ownership of {@code datagram}. */
    public void send(ByteBuf datagram, InetSocketAddress recipient) {
        metrics.packetsSent.increment();
        metrics.bytesSent.increment(datagram.readableBytes());
        DatagramPacket packet = new DatagramPacket(datagram, recipient);
        if (inBatch) {
            channel.write(packet, channel.voidPromise());
            pending = true;
        } else {
            channel.writeAndFlush(packet, channel.voidPromise());
        }
    }

    void beginBatch() {
        inBatch = true;
    }

    void endBatch() {
        inBatch = false;
        if (pending) {
            pending = false;
            channel.flush();
        }
    }
}
