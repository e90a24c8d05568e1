package org.parley.media.rtp;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The most recent packets of one outgoing RTP stream, by sequence number, for answering NACKs
 * (RFC 4585 §6.2.1) with retransmissions.
 *
 * <p>A fixed ring of preallocated byte arrays: {@link #put} copies the plaintext packet (the caller
 * keeps and releases its buffer), {@link #copyTo} appends a stored copy to the caller's buffer.
 * A packet is returned only while it is among the last {@code capacity} sequence numbers sent and
 * its slot has not been reused. Nothing allocates after construction.
 *
 * <p>Not thread-safe: use it from the event loop that sends the stream.
 */
public final class RetransmissionBuffer {

    public static final int DEFAULT_CAPACITY = 512;
    public static final int DEFAULT_MAX_PACKET_LENGTH = 1500;

    private static final long EMPTY = Long.MIN_VALUE;

    private final byte[][] packets;
    private final int[] lengths;
    /** Extended sequence number held by each slot, or {@link #EMPTY}. */
    private final long[] sequences;
    private final int mask;
    private final int maxPacketLength;
    private long highest = EMPTY;

    public RetransmissionBuffer() {
        this(DEFAULT_CAPACITY, DEFAULT_MAX_PACKET_LENGTH);
    }

    /**
     * @param capacity number of slots, a power of two up to 32768
     * @param maxPacketLength size of each slot; longer packets are not stored
     */
    public RetransmissionBuffer(int capacity, int maxPacketLength) {
        if (capacity <= 0 || capacity > 1 << 15 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two up to 32768: " + capacity);
        }
        if (maxPacketLength < RtpPacket.FIXED_HEADER_LENGTH) {
            throw new IllegalArgumentException("maxPacketLength too small: " + maxPacketLength);
        }
        this.packets = new byte[capacity][maxPacketLength];
        this.lengths = new int[capacity];
        this.sequences = new long[capacity];
        this.mask = capacity - 1;
        this.maxPacketLength = maxPacketLength;
        clear();
    }

    /**
     * Copies the readable bytes of {@code rtpPacket} (not moving its indexes) under its sequence number.
     *
     * @return false if it is not valid RTP, longer than a slot, or older than the buffer's window
     */
    public boolean put(ByteBuf rtpPacket) {
        int length = rtpPacket.readableBytes();
        if (length > maxPacketLength || !RtpPacket.isValid(rtpPacket)) {
            return false;
        }
        long sequence = extend(RtpPacket.sequenceNumber(rtpPacket));
        if (highest != EMPTY && sequence <= highest - packets.length) {
            return false;
        }
        int slot = (int) (sequence & mask);
        if (rtpPacket.nioBufferCount() == 1) {
            // Absolute bulk get on Netty's cached NIO view: without Unsafe, getBytes on a pooled
            // direct buffer duplicates its NIO buffer on every call.
            ByteBuffer nio = rtpPacket.internalNioBuffer(rtpPacket.readerIndex(), length);
            nio.get(nio.position(), packets[slot], 0, length);
        } else {
            rtpPacket.getBytes(rtpPacket.readerIndex(), packets[slot], 0, length);
        }
        lengths[slot] = length;
        sequences[slot] = sequence;
        if (highest == EMPTY || sequence > highest) {
            highest = sequence;
        }
        return true;
    }

    /**
     * Appends the stored packet with this sequence number to {@code dst}.
     *
     * @return false (nothing written) if it is not stored, stale or overwritten, or {@code dst}
     *     cannot grow enough
     */
    public boolean copyTo(int sequenceNumber, ByteBuf dst) {
        if (highest == EMPTY) {
            return false;
        }
        long sequence = extend(sequenceNumber & 0xFFFF);
        if (sequence > highest || sequence <= highest - packets.length) {
            return false;
        }
        int slot = (int) (sequence & mask);
        if (sequences[slot] != sequence || dst.maxWritableBytes() < lengths[slot]) {
            return false;
        }
        dst.writeBytes(packets[slot], 0, lengths[slot]);
        return true;
    }

    /** Forgets every packet, e.g. when the stream's sequence numbers restart. */
    public void clear() {
        Arrays.fill(sequences, EMPTY);
        highest = EMPTY;
    }

    /** The 16-bit sequence number extended to the cycle nearest the highest one stored. */
    private long extend(int sequenceNumber) {
        if (highest == EMPTY) {
            return sequenceNumber;
        }
        return highest + (short) (sequenceNumber - (int) (highest & 0xFFFF));
    }
}
