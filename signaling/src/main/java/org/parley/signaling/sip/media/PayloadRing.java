package org.parley.signaling.sip.media;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.media.router.Producer;
import org.parley.media.rtp.RtpPacket;

/**
 * A bounded single-producer single-consumer queue of RTP payloads with preallocated slots: the
 * media event loop {@linkplain #offer copies} the payloads of channel packets in, a call's event
 * loop takes them out in order. Each payload keeps its RTP timestamp and the producer it came from, so a listener
 * switching channels can tell the old stream's packets from the new one's. Nothing is allocated
 * after construction; a full ring refuses the packet.
 */
final class PayloadRing {

    /** An Ethernet MTU: no Opus payload the mixer sends is larger. */
    static final int MAX_PAYLOAD_BYTES = 1500;

    private final int mask;
    private final Producer[] sources;
    private final byte[][] payloads;
    private final int[] lengths;
    private final long[] timestamps;
    /** Next slot to fill; written by the offering thread only. */
    private final AtomicLong tail = new AtomicLong();
    /** Next slot to take; written by the taking thread only. */
    private final AtomicLong head = new AtomicLong();

    /** @param capacity slots; a power of two */
    PayloadRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two >= 2: " + capacity);
        }
        mask = capacity - 1;
        sources = new Producer[capacity];
        payloads = new byte[capacity][MAX_PAYLOAD_BYTES];
        lengths = new int[capacity];
        timestamps = new long[capacity];
    }

    /**
     * Copies the payload of the RTP {@code packet} of {@code source}; the caller keeps the packet.
     * Offering thread only.
     *
     * @return false if the ring is full or the packet malformed or too large (nothing stored)
     */
    boolean offer(Producer source, ByteBuf packet) {
        int offset = RtpPacket.payloadOffset(packet);
        int length = RtpPacket.payloadLength(packet);
        long t = tail.get();
        if (offset < 0 || length <= 0 || length > MAX_PAYLOAD_BYTES || t - head.get() > mask) {
            return false;
        }
        int slot = (int) (t & mask);
        packet.getBytes(packet.readerIndex() + offset, payloads[slot], 0, length);
        lengths[slot] = length;
        timestamps[slot] = RtpPacket.timestamp(packet);
        sources[slot] = source;
        tail.lazySet(t + 1);
        return true;
    }

    /** Whether nothing is waiting. Taking thread only. */
    boolean isEmpty() {
        return head.get() == tail.get();
    }

    /** The producer of the oldest payload; only if not {@link #isEmpty}. */
    Producer source() {
        return sources[(int) (head.get() & mask)];
    }

    /** The oldest payload's bytes, valid from index 0 until {@link #remove}. */
    byte[] payload() {
        return payloads[(int) (head.get() & mask)];
    }

    int length() {
        return lengths[(int) (head.get() & mask)];
    }

    /** The oldest payload's RTP timestamp. */
    long timestamp() {
        return timestamps[(int) (head.get() & mask)];
    }

    /** Frees the oldest slot. */
    void remove() {
        long h = head.get();
        sources[(int) (h & mask)] = null;
        head.lazySet(h + 1);
    }
}
