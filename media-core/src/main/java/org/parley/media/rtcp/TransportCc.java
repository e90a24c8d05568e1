package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Transport-wide congestion control feedback, RTPFB FMT=15
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): base sequence number, packet status
 * count, reference time (24 bits signed, 64 ms units), feedback packet count, then packet status
 * chunks and receive deltas (250 µs units). Offsets and buffer rules are those of {@link RtcpPacket}.
 */
public final class TransportCc {

    public static final int FMT = 15;
    /** Receive deltas count in multiples of 250 µs (§3.1.5). */
    public static final int DELTA_MICROS = 250;
    /** The reference time counts in multiples of 64 ms (§3.1). */
    public static final int REFERENCE_TIME_MICROS = 64_000;

    private static final int CHUNKS_OFFSET = 20;
    private static final int SYMBOL_NOT_RECEIVED = 0;
    private static final int SYMBOL_SMALL_DELTA = 1;
    private static final int SYMBOL_LARGE_DELTA = 2;

    /** Receives one call per packet status of a feedback packet; see {@link #forEachPacket}. */
    @FunctionalInterface
    public interface PacketVisitor {
        /**
         * @param sequenceNumber transport-wide sequence number (16 bits)
         * @param received whether the packet arrived
         * @param deltaMicros arrival time minus the previous received packet's (for the first
         *     received packet: minus the reference time); 0 if not received
         */
        void packet(int sequenceNumber, boolean received, int deltaMicros);
    }

    private TransportCc() {
    }

    public static boolean isTransportCc(ByteBuf buf, int off) {
        return RtcpPacket.isFeedback(buf, off, RtcpPacket.RTPFB, FMT)
                && RtcpPacket.contentEnd(buf, off) - off >= CHUNKS_OFFSET;
    }

    public static int baseSequenceNumber(ByteBuf buf, int off) {
        return isTransportCc(buf, off) ? buf.getUnsignedShort(off + 12) : -1;
    }

    public static int packetStatusCount(ByteBuf buf, int off) {
        return isTransportCc(buf, off) ? buf.getUnsignedShort(off + 14) : -1;
    }

    /** Reference time in 64 ms units (signed 24 bits), or {@link Integer#MIN_VALUE}. */
    public static int referenceTime(ByteBuf buf, int off) {
        return isTransportCc(buf, off) ? buf.getMedium(off + 16) : Integer.MIN_VALUE;
    }

    public static int feedbackPacketCount(ByteBuf buf, int off) {
        return isTransportCc(buf, off) ? buf.getUnsignedByte(off + 19) : -1;
    }

    /**
     * Decodes status chunks and receive deltas and calls {@code visitor} once per reported packet,
     * in sequence order. The packet is validated completely before the first call.
     *
     * @return the number of calls (packet status count), or -1 (no calls) if malformed, including
     *     the reserved status symbol 11
     */
    public static int forEachPacket(ByteBuf buf, int off, PacketVisitor visitor) {
        if (!isTransportCc(buf, off)) {
            return -1;
        }
        int end = RtcpPacket.contentEnd(buf, off);
        int deltasStart = chunksEnd(buf, off, end);
        if (deltasStart < 0) {
            return -1;
        }
        int deltasEnd = walk(buf, off, deltasStart, null);
        if (deltasEnd < 0 || deltasEnd > end) {
            return -1;
        }
        walk(buf, off, deltasStart, visitor);
        return buf.getUnsignedShort(off + 14);
    }

    /** Index after the last chunk needed to cover the packet status count, or -1 if they overrun. */
    private static int chunksEnd(ByteBuf buf, int off, int end) {
        int count = buf.getUnsignedShort(off + 14);
        int covered = 0;
        int i = off + CHUNKS_OFFSET;
        while (covered < count) {
            if (i + 2 > end) {
                return -1;
            }
            int chunk = buf.getUnsignedShort(i);
            i += 2;
            if ((chunk & 0x8000) == 0) {
                covered += chunk & 0x1FFF; // §3.1.3 run length chunk
            } else {
                covered += (chunk & 0x4000) == 0 ? 14 : 7; // §3.1.4 status vector chunk
            }
        }
        return i;
    }

    /**
     * Walks the status symbols; with a null visitor only sizes the deltas. Returns the index after
     * the last delta, or -1 on a reserved symbol. Chunks must have been checked by {@link #chunksEnd}.
     */
    private static int walk(ByteBuf buf, int off, int deltaIndex, PacketVisitor visitor) {
        int sequence = buf.getUnsignedShort(off + 12);
        int count = buf.getUnsignedShort(off + 14);
        int reported = 0;
        int i = off + CHUNKS_OFFSET;
        while (reported < count && deltaIndex >= 0) {
            int chunk = buf.getUnsignedShort(i);
            i += 2;
            if ((chunk & 0x8000) == 0) {
                int symbol = chunk >> 13 & 0x3;
                int run = Math.min(chunk & 0x1FFF, count - reported);
                for (int k = 0; k < run && deltaIndex >= 0; k++) {
                    deltaIndex = symbol(buf, symbol, (sequence + reported++) & 0xFFFF, deltaIndex, visitor);
                }
            } else if ((chunk & 0x4000) == 0) {
                for (int k = 13; k >= 0 && reported < count; k--) {
                    deltaIndex = symbol(buf, chunk >> k & 0x1, (sequence + reported++) & 0xFFFF, deltaIndex, visitor);
                }
            } else {
                for (int k = 12; k >= 0 && reported < count && deltaIndex >= 0; k -= 2) {
                    deltaIndex = symbol(buf, chunk >> k & 0x3, (sequence + reported++) & 0xFFFF, deltaIndex, visitor);
                }
            }
        }
        return deltaIndex;
    }

    private static int symbol(ByteBuf buf, int symbol, int sequence, int deltaIndex, PacketVisitor visitor) {
        switch (symbol) {
            case SYMBOL_NOT_RECEIVED -> {
                if (visitor != null) {
                    visitor.packet(sequence, false, 0);
                }
                return deltaIndex;
            }
            case SYMBOL_SMALL_DELTA -> {
                if (visitor != null) {
                    visitor.packet(sequence, true, buf.getUnsignedByte(deltaIndex) * DELTA_MICROS);
                }
                return deltaIndex + 1;
            }
            case SYMBOL_LARGE_DELTA -> {
                if (visitor != null) {
                    visitor.packet(sequence, true, buf.getShort(deltaIndex) * DELTA_MICROS);
                }
                return deltaIndex + 2;
            }
            default -> {
                return -1; // §3.1.1: symbol 11 is reserved
            }
        }
    }
}
