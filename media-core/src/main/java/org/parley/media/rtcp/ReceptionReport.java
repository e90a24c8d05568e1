package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * A reception report block (RFC 3550 §6.4.1) inside an SR or RR, addressed by the absolute index
 * of its first byte as returned by {@link SenderReport#reportBlockOffset} or
 * {@link ReceiverReport#reportBlockOffset}. Getters return -1 if the block overruns the buffer.
 */
public final class ReceptionReport {

    /** Size of one block. */
    public static final int LENGTH = 24;
    /** Largest number of blocks one SR/RR can carry (5-bit RC). */
    public static final int MAX_BLOCKS = 31;

    private ReceptionReport() {
    }

    /** SSRC of the source this block is about. */
    public static long ssrc(ByteBuf buf, int block) {
        return RtcpPacket.u32(buf, block, end(buf, block));
    }

    /** Fraction lost since the previous report, in 1/256. */
    public static int fractionLost(ByteBuf buf, int block) {
        return RtcpPacket.u8(buf, block + 4, end(buf, block));
    }

    /**
     * Cumulative number of packets lost, a signed 24-bit value (negative with duplicates),
     * or {@link Integer#MIN_VALUE} if out of range.
     */
    public static int cumulativeLost(ByteBuf buf, int block) {
        return RtcpPacket.u32(buf, block + 4, end(buf, block)) < 0 ? Integer.MIN_VALUE : buf.getMedium(block + 5);
    }

    public static long extendedHighestSequence(ByteBuf buf, int block) {
        return RtcpPacket.u32(buf, block + 8, end(buf, block));
    }

    /** Interarrival jitter in RTP timestamp units. */
    public static long jitter(ByteBuf buf, int block) {
        return RtcpPacket.u32(buf, block + 12, end(buf, block));
    }

    /** LSR: middle 32 bits of the last SR's NTP timestamp, 0 if none yet. */
    public static long lastSenderReport(ByteBuf buf, int block) {
        return RtcpPacket.u32(buf, block + 16, end(buf, block));
    }

    /** DLSR: delay since that SR in 1/65536 s. */
    public static long delaySinceLastSenderReport(ByteBuf buf, int block) {
        return RtcpPacket.u32(buf, block + 20, end(buf, block));
    }

    /**
     * Appends a block to the SR or RR that starts at absolute index {@code reportStart} of
     * {@code out} and ends at its writer index, and updates that packet's count and length.
     * Values are truncated to their field widths; {@code cumulativeLost} is clamped to 24 bits signed.
     *
     * @return bytes written ({@value #LENGTH}), or -1 (nothing written) if {@code reportStart} is
     *     not an unpadded SR/RR ending at the writer index or it already has {@value #MAX_BLOCKS} blocks
     */
    public static int write(ByteBuf out, int reportStart, long ssrc, int fractionLost, int cumulativeLost,
                            long extendedHighestSequence, long jitter, long lastSenderReport,
                            long delaySinceLastSenderReport) {
        int type = RtcpPacket.packetType(out, reportStart);
        int count = RtcpPacket.count(out, reportStart);
        if ((type != RtcpPacket.SR && type != RtcpPacket.RR) || count >= MAX_BLOCKS
                || RtcpPacket.padding(out, reportStart) || RtcpPacket.end(out, reportStart) != out.writerIndex()) {
            return -1;
        }
        out.writeInt((int) ssrc);
        out.writeByte(fractionLost);
        out.writeMedium(Math.clamp(cumulativeLost, -0x800000, 0x7FFFFF));
        out.writeInt((int) extendedHighestSequence);
        out.writeInt((int) jitter);
        out.writeInt((int) lastSenderReport);
        out.writeInt((int) delaySinceLastSenderReport);
        out.setByte(reportStart, 0x80 | (count + 1));
        out.setShort(reportStart + 2, (out.writerIndex() - reportStart) / 4 - 1);
        return LENGTH;
    }

    /**
     * Absolute index of report block {@code i} of the SR or RR at {@code off}, or -1 if the packet is
     * neither or has no such block.
     */
    public static int inReport(ByteBuf buf, int off, int i) {
        return switch (RtcpPacket.packetType(buf, off)) {
            case RtcpPacket.SR -> SenderReport.reportBlockOffset(buf, off, i);
            case RtcpPacket.RR -> ReceiverReport.reportBlockOffset(buf, off, i);
            default -> -1;
        };
    }

    /** Index of block {@code i} of the SR/RR at {@code off} whose blocks start at {@code first}, or -1. */
    static int blockOffset(ByteBuf buf, int off, int first, int i) {
        int count = RtcpPacket.count(buf, off);
        int block = off + first + LENGTH * i;
        return i >= 0 && i < count && block + LENGTH <= RtcpPacket.contentEnd(buf, off) ? block : -1;
    }

    private static int end(ByteBuf buf, int block) {
        return block >= buf.readerIndex() ? buf.writerIndex() : -1;
    }
}
