package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Picture loss indication, PSFB FMT=1 (RFC 4585 §6.3.1): no FCI. Offsets and buffer rules are
 * those of {@link RtcpPacket}.
 */
public final class Pli {

    public static final int FMT = 1;
    public static final int LENGTH = RtcpPacket.FEEDBACK_HEADER_LENGTH;

    private Pli() {
    }

    public static boolean isPli(ByteBuf buf, int off) {
        return RtcpPacket.isFeedback(buf, off, RtcpPacket.PSFB, FMT);
    }

    public static long mediaSsrc(ByteBuf buf, int off) {
        return RtcpPacket.mediaSsrc(buf, off);
    }

    /** Appends a PLI; returns bytes written ({@value #LENGTH}). */
    public static int write(ByteBuf out, long senderSsrc, long mediaSsrc) {
        RtcpPacket.writeHeader(out, FMT, RtcpPacket.PSFB, LENGTH);
        out.writeInt((int) senderSsrc);
        out.writeInt((int) mediaSsrc);
        return LENGTH;
    }
}
