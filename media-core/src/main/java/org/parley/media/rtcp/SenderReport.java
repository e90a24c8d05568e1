package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Sender report, PT=200 (RFC 3550 §6.4.1): sender info followed by reception report blocks.
 * Offsets and buffer rules are those of {@link RtcpPacket}; getters return -1 when out of range.
 */
public final class SenderReport {

    /** Header, sender SSRC and the 20-byte sender info: where the first report block starts. */
    public static final int LENGTH_WITHOUT_BLOCKS = 28;

    private SenderReport() {
    }

    /** Whether {@code off} holds an SR whose report blocks all fit the packet. */
    public static boolean isSenderReport(ByteBuf buf, int off) {
        return RtcpPacket.packetType(buf, off) == RtcpPacket.SR
                && LENGTH_WITHOUT_BLOCKS + ReceptionReport.LENGTH * RtcpPacket.count(buf, off)
                        <= RtcpPacket.contentEnd(buf, off) - off;
    }

    /** NTP timestamp, most significant word (seconds since 1900). */
    public static long ntpSeconds(ByteBuf buf, int off) {
        return RtcpPacket.u32(buf, off + 8, RtcpPacket.contentEnd(buf, off));
    }

    /** NTP timestamp, least significant word (fraction of a second in 1/2^32). */
    public static long ntpFraction(ByteBuf buf, int off) {
        return RtcpPacket.u32(buf, off + 12, RtcpPacket.contentEnd(buf, off));
    }

    /** The middle 32 bits of the NTP timestamp: what receivers echo as LSR (RFC 3550 §6.4.1). */
    public static long ntpMiddle32(ByteBuf buf, int off) {
        return RtcpPacket.u32(buf, off + 10, RtcpPacket.contentEnd(buf, off));
    }

    public static long rtpTimestamp(ByteBuf buf, int off) {
        return RtcpPacket.u32(buf, off + 16, RtcpPacket.contentEnd(buf, off));
    }

    public static long packetCount(ByteBuf buf, int off) {
        return RtcpPacket.u32(buf, off + 20, RtcpPacket.contentEnd(buf, off));
    }

    public static long octetCount(ByteBuf buf, int off) {
        return RtcpPacket.u32(buf, off + 24, RtcpPacket.contentEnd(buf, off));
    }

    /** Number of report blocks (RC), or -1. */
    public static int reportCount(ByteBuf buf, int off) {
        return RtcpPacket.count(buf, off);
    }

    /** Absolute index of report block {@code i} (read it with {@link ReceptionReport}), or -1. */
    public static int reportBlockOffset(ByteBuf buf, int off, int i) {
        return ReceptionReport.blockOffset(buf, off, LENGTH_WITHOUT_BLOCKS, i);
    }

    /**
     * Appends an SR without report blocks; add them with {@link ReceptionReport#write}, which
     * updates the count and length of the packet starting at the returned writer index.
     *
     * @return bytes written ({@value #LENGTH_WITHOUT_BLOCKS})
     */
    public static int write(ByteBuf out, long ssrc, long ntpSeconds, long ntpFraction, long rtpTimestamp,
                            long packetCount, long octetCount) {
        RtcpPacket.writeHeader(out, 0, RtcpPacket.SR, LENGTH_WITHOUT_BLOCKS);
        out.writeInt((int) ssrc);
        out.writeInt((int) ntpSeconds);
        out.writeInt((int) ntpFraction);
        out.writeInt((int) rtpTimestamp);
        out.writeInt((int) packetCount);
        out.writeInt((int) octetCount);
        return LENGTH_WITHOUT_BLOCKS;
    }
}
