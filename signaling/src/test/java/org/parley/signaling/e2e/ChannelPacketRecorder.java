package org.parley.signaling.e2e;

import io.netty.buffer.ByteBuf;
import org.parley.media.router.Producer;
import org.parley.media.router.RtpTap;
import org.parley.media.rtp.RtpPacket;

/**
 * Records the packets a channel producer forwards: when each left for its consumers
 * ({@link System#nanoTime()} in the tap, just before the forwarding) and its Opus payload, into
 * preallocated arrays so the event loop only copies bytes.
 *
 * <p>The tap is called on the media event loop; the packet stays the caller's (copied, never
 * released, indices untouched). Read {@link #count} and the packets once the tap is removed.
 */
final class ChannelPacketRecorder implements RtpTap {

    /** RFC 6716 §3.2.1: an Opus packet is at most 1275 bytes per frame; one 20 ms frame per packet here. */
    static final int MAX_PAYLOAD = 1275;

    private final long[] leaveNanos;
    private final byte[][] payloads;
    private final int[] lengths;
    private volatile int count;

    ChannelPacketRecorder(int capacity) {
        this.leaveNanos = new long[capacity];
        this.payloads = new byte[capacity][MAX_PAYLOAD];
        this.lengths = new int[capacity];
    }

    @Override
    public void onRtp(Producer producer, ByteBuf packet, long nowNanos) {
        long leave = System.nanoTime();
        int index = count;
        int offset = RtpPacket.payloadOffset(packet);
        int length = RtpPacket.payloadLength(packet);
        if (index >= leaveNanos.length || offset < 0 || length <= 0 || length > MAX_PAYLOAD) {
            return;
        }
        packet.getBytes(packet.readerIndex() + offset, payloads[index], 0, length);
        lengths[index] = length;
        leaveNanos[index] = leave;
        count = index + 1;
    }

    int count() {
        return count;
    }

    long leaveNanos(int index) {
        return leaveNanos[index];
    }

    byte[] payload(int index) {
        return payloads[index];
    }

    int length(int index) {
        return lengths[index];
    }
}
