package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;
import java.util.function.IntConsumer;

/**
 * Generic NACK, RTPFB FMT=1 (RFC 4585 §6.2.1): FCI entries of a packet ID (PID) and a bitmask of
 * the following 16 lost packets (BLP). Offsets and buffer rules are those of {@link RtcpPacket}.
 */
public final class Nack {

    public static final int FMT = 1;

    private Nack() {
    }

    public static boolean isNack(ByteBuf buf, int off) {
        return RtcpPacket.isFeedback(buf, off, RtcpPacket.RTPFB, FMT);
    }

    /** SSRC of the media source whose packets are reported lost, or -1. */
    public static long mediaSsrc(ByteBuf buf, int off) {
        return RtcpPacket.mediaSsrc(buf, off);
    }

    /**
     * Calls {@code lost} with every sequence number the NACK reports lost, in FCI order.
     *
     * @return the number of calls, or -1 (no calls) if {@code off} is not a well-formed NACK
     */
    public static int forEachLost(ByteBuf buf, int off, IntConsumer lost) {
        if (!isNack(buf, off)) {
            return -1;
        }
        int end = RtcpPacket.contentEnd(buf, off);
        int calls = 0;
        for (int i = off + RtcpPacket.FEEDBACK_HEADER_LENGTH; i + 4 <= end; i += 4) {
            int pid = buf.getUnsignedShort(i);
            int blp = buf.getUnsignedShort(i + 2);
            lost.accept(pid);
            calls++;
            for (int bit = 0; bit < 16; bit++) {
                if ((blp & 1 << bit) != 0) {
                    lost.accept((pid + bit + 1) & 0xFFFF);
                    calls++;
                }
            }
        }
        return calls;
    }

    /**
     * Appends a NACK for {@code lostSequenceNumbers[0..count)}, which should be sorted in RTP
     * sequence order (wraparound allowed) so that neighbours share a PID/BLP entry; duplicates of
     * the current PID are skipped.
     *
     * @return bytes written, or 0 if {@code count} is 0 (nothing to report)
     */
    public static int write(ByteBuf out, long senderSsrc, long mediaSsrc, int[] lostSequenceNumbers, int count) {
        int n = Math.min(count, lostSequenceNumbers.length);
        if (n <= 0) {
            return 0;
        }
        int start = out.writerIndex();
        RtcpPacket.writeHeader(out, FMT, RtcpPacket.RTPFB, RtcpPacket.FEEDBACK_HEADER_LENGTH);
        out.writeInt((int) senderSsrc);
        out.writeInt((int) mediaSsrc);
        int pid = lostSequenceNumbers[0] & 0xFFFF;
        int blp = 0;
        for (int i = 1; i < n; i++) {
            int distance = (lostSequenceNumbers[i] - pid) & 0xFFFF;
            if (distance == 0) {
                continue;
            }
            if (distance <= 16) {
                blp |= 1 << (distance - 1);
            } else {
                out.writeShort(pid);
                out.writeShort(blp);
                pid = lostSequenceNumbers[i] & 0xFFFF;
                blp = 0;
            }
        }
        out.writeShort(pid);
        out.writeShort(blp);
        int length = out.writerIndex() - start;
        out.setShort(start + 2, length / 4 - 1);
        return length;
    }
}
