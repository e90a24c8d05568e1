package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Receiver report, PT=201 (RFC 3550 §6.4.2): reporter SSRC followed by reception report blocks.
 * Offsets and buffer rules are those of {@link RtcpPacket}.
 */
public final class ReceiverReport {

    /** Header and reporter SSRC: where the first report block starts. */
    public static final int LENGTH_WITHOUT_BLOCKS = 8;

    private ReceiverReport() {
    }

    /** Whether {@code off} holds an RR whose report blocks all fit the packet. */
    public static boolean isReceiverReport(ByteBuf buf, int off) {
        return RtcpPacket.packetType(buf, off) == RtcpPacket.RR
                && LENGTH_WITHOUT_BLOCKS + ReceptionReport.LENGTH * RtcpPacket.count(buf, off)
                        <= RtcpPacket.contentEnd(buf, off) - off;
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
     * Appends an RR without report blocks; add them with {@link ReceptionReport#write}.
     *
     * @return bytes written ({@value #LENGTH_WITHOUT_BLOCKS})
     */
    public static int write(ByteBuf out, long ssrc) {
        RtcpPacket.writeHeader(out, 0, RtcpPacket.RR, LENGTH_WITHOUT_BLOCKS);
        out.writeInt((int) ssrc);
        return LENGTH_WITHOUT_BLOCKS;
    }
}
