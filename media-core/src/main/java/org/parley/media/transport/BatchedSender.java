package org.parley.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import org.parley.media.MediaMetrics;

/**
 * Writes datagrams to the UDP channel, flushing once per batch of reads instead of once per
 * datagram (one syscall for many packets under load). Outside a batch (timers, DTLS) each write
 * is flushed at once. ICE-TCP connections on the same event loop defer their flushes to the end of
 * the batch too ({@link #flushLater}). Event loop only.
 */
public final class BatchedSender {

    private final Channel channel;
    private final MediaMetrics metrics;
    private boolean inBatch;
    private boolean pending;
    /** Flushes of other channels written to in this batch; emptied (capacity kept) at its end. */
    private final ArrayList<Runnable> deferredFlushes = new ArrayList<>();

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

    /**
     * Runs {@code flush} at the end of the current batch, or now outside one. The caller asks once per
     * batch (it keeps its own flag), so the list holds each channel once.
     */
    public void flushLater(Runnable flush) {
        if (inBatch) {
            deferredFlushes.add(flush);
        } else {
            flush.run();
        }
    }

    /** Reads begin (a read handler on this event loop): writes wait for {@link #endBatch()}. */
    public void beginBatch() {
        inBatch = true;
    }

    /** The read batch ended: flush what was written during it. */
    public void endBatch() {
        inBatch = false;
        if (pending) {
            pending = false;
            channel.flush();
        }
        // By index: a flush may fail and close its channel, but adds nothing outside a batch.
        for (int i = 0; i < deferredFlushes.size(); i++) {
            deferredFlushes.get(i).run();
        }
        deferredFlushes.clear();
    }
}
