package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Goodbye, PT=203 (RFC 3550 §6.6): the SSRCs leaving; the optional reason is ignored.
 * Offsets and buffer rules are those of {@link RtcpPacket}.
 */
public final class Bye {

    private Bye() {
    }

    /** Whether {@code off} holds a BYE whose SSRC list fits the packet. */
    public static boolean isBye(ByteBuf buf, int off) {
        return RtcpPacket.packetType(buf, off) == RtcpPacket.BYE
                && RtcpPacket.HEADER_LENGTH + 4 * RtcpPacket.count(buf, off) <= RtcpPacket.contentEnd(buf, off) - off;
    }

    /** Number of SSRCs (SC), or -1. */
    public static int ssrcCount(ByteBuf buf, int off) {
        return RtcpPacket.count(buf, off);
    }

    /** SSRC {@code i}, or -1. */
    public static long ssrc(ByteBuf buf, int off, int i) {
        if (i < 0 || i >= ssrcCount(buf, off)) {
            return -1;
        }
        return RtcpPacket.u32(buf, off + RtcpPacket.HEADER_LENGTH + 4 * i, RtcpPacket.contentEnd(buf, off));
    }

    /**
     * Appends a BYE for {@code ssrcs[0..count)}.
     *
     * @return bytes written, or -1 (nothing written) if {@code count} is not 0..31 or exceeds the array
     */
    public static int write(ByteBuf out, long[] ssrcs, int count) {
        if (count < 0 || count > 31 || count > ssrcs.length) {
            return -1;
        }
        int length = RtcpPacket.HEADER_LENGTH + 4 * count;
        RtcpPacket.writeHeader(out, count, RtcpPacket.BYE, length);
        for (int i = 0; i < count; i++) {
            out.writeInt((int) ssrcs[i]);
        }
        return length;
    }

    /** Appends a BYE for a single SSRC; returns bytes written. */
    public static int write(ByteBuf out, long ssrc) {
        RtcpPacket.writeHeader(out, 1, RtcpPacket.BYE, 8);
        out.writeInt((int) ssrc);
        return 8;
    }
}
