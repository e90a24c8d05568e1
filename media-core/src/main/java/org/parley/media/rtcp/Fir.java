package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Full intra request, PSFB FMT=4 (RFC 5104 §4.3.1): FCI entries of the target SSRC and a command
 * sequence number; the header's media source SSRC is unused (0). Offsets and buffer rules are
 * those of {@link RtcpPacket}.
 */
public final class Fir {

    public static final int FMT = 4;
    /** Size of one FCI entry. */
    public static final int ENTRY_LENGTH = 8;

    private Fir() {
    }

    public static boolean isFir(ByteBuf buf, int off) {
        return RtcpPacket.isFeedback(buf, off, RtcpPacket.PSFB, FMT);
    }

    /** Number of FCI entries, or -1. */
    public static int entryCount(ByteBuf buf, int off) {
        if (!isFir(buf, off)) {
            return -1;
        }
        return (RtcpPacket.contentEnd(buf, off) - off - RtcpPacket.FEEDBACK_HEADER_LENGTH) / ENTRY_LENGTH;
    }

    /** SSRC of the media sender asked for a decoder refresh in entry {@code i}, or -1. */
    public static long entrySsrc(ByteBuf buf, int off, int i) {
        int entry = entryIndex(buf, off, i);
        return entry < 0 ? -1 : buf.getUnsignedInt(entry);
    }

    /** Command sequence number (8 bits) of entry {@code i}, or -1. */
    public static int entrySequenceNumber(ByteBuf buf, int off, int i) {
        int entry = entryIndex(buf, off, i);
        return entry < 0 ? -1 : buf.getUnsignedByte(entry + 4);
    }

    /** Appends a FIR with one entry; returns bytes written. */
    public static int write(ByteBuf out, long senderSsrc, long mediaSsrc, int sequenceNumber) {
        int length = RtcpPacket.FEEDBACK_HEADER_LENGTH + ENTRY_LENGTH;
        RtcpPacket.writeHeader(out, FMT, RtcpPacket.PSFB, length);
        out.writeInt((int) senderSsrc);
        out.writeInt(0); // RFC 5104 §4.3.1.2: SSRC of media source is not used
        out.writeInt((int) mediaSsrc);
        out.writeByte(sequenceNumber);
        out.writeMedium(0);
        return length;
    }

    private static int entryIndex(ByteBuf buf, int off, int i) {
        return i >= 0 && i < entryCount(buf, off) ? off + RtcpPacket.FEEDBACK_HEADER_LENGTH + ENTRY_LENGTH * i : -1;
    }
}
