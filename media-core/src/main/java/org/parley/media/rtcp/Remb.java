package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Receiver estimated maximum bitrate, PSFB FMT=15 with the "REMB" identifier
 * (draft-alvestrand-rmcat-remb-03 §2.2): bitrate as an 18-bit mantissa shifted by a 6-bit
 * exponent, and the SSRCs it applies to. Offsets and buffer rules are those of {@link RtcpPacket}.
 */
public final class Remb {

    public static final int FMT = 15;
    /** "REMB" in ASCII. */
    public static final int IDENTIFIER = 0x52454D42;

    private static final int FIXED_LENGTH = 20;
    private static final int MAX_MANTISSA = 0x3FFFF;

    private Remb() {
    }

    /** Whether {@code off} holds a REMB whose SSRC list fits the packet. */
    public static boolean isRemb(ByteBuf buf, int off) {
        if (!RtcpPacket.isFeedback(buf, off, RtcpPacket.PSFB, FMT)) {
            return false;
        }
        int end = RtcpPacket.contentEnd(buf, off);
        return RtcpPacket.u32(buf, off + 12, end) == IDENTIFIER
                && off + FIXED_LENGTH + 4 * buf.getUnsignedByte(off + 16) <= end;
    }

    /** Estimated bitrate in bits per second (saturating at {@link Long#MAX_VALUE}), or -1. */
    public static long bitrate(ByteBuf buf, int off) {
        if (!isRemb(buf, off)) {
            return -1;
        }
        int exponent = buf.getUnsignedByte(off + 17) >> 2;
        long mantissa = buf.getUnsignedMedium(off + 17) & MAX_MANTISSA;
        return mantissa == 0 ? 0 : exponent > Long.numberOfLeadingZeros(mantissa) - 1
                ? Long.MAX_VALUE : mantissa << exponent;
    }

    /** Number of SSRCs the estimate applies to, or -1. */
    public static int ssrcCount(ByteBuf buf, int off) {
        return isRemb(buf, off) ? buf.getUnsignedByte(off + 16) : -1;
    }

    /** SSRC {@code i}, or -1. */
    public static long ssrc(ByteBuf buf, int off, int i) {
        return i >= 0 && i < ssrcCount(buf, off) ? buf.getUnsignedInt(off + FIXED_LENGTH + 4 * i) : -1;
    }

    /**
     * Appends a REMB for {@code ssrcs[0..count)}; the bitrate is rounded down to what the
     * exponent/mantissa encoding can hold.
     *
     * @return bytes written, or -1 (nothing written) if {@code count} is not 0..255 or exceeds the array
     */
    public static int write(ByteBuf out, long senderSsrc, long bitrate, long[] ssrcs, int count) {
        if (count < 0 || count > 255 || count > ssrcs.length) {
            return -1;
        }
        long bps = Math.max(0, bitrate);
        int exponent = 0;
        while ((bps >>> exponent) > MAX_MANTISSA) {
            exponent++;
        }
        int length = FIXED_LENGTH + 4 * count;
        RtcpPacket.writeHeader(out, FMT, RtcpPacket.PSFB, length);
        out.writeInt((int) senderSsrc);
        out.writeInt(0); // draft-alvestrand-rmcat-remb §2.2: SSRC of media source is always 0
        out.writeInt(IDENTIFIER);
        out.writeByte(count);
        out.writeMedium(exponent << 18 | (int) (bps >>> exponent));
        for (int i = 0; i < count; i++) {
            out.writeInt((int) ssrcs[i]);
        }
        return length;
    }
}
