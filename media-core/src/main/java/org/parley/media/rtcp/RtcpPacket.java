package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;

/**
 * Static accessors for the common RTCP header (RFC 3550 §6.4.1) and a walker over a compound
 * packet (RFC 3550 §6.1).
 *
 * <p>All RTCP readers in this package take the <em>absolute buffer index</em> of a packet's first
 * byte ({@code off}); a compound packet starts at {@code readerIndex()} and ends at
 * {@code writerIndex()}. Readers use absolute gets only and never move the reader or writer index;
 * the caller owns (and releases) the buffer. They never throw on bad input: out-of-range fields
 * read as -1 (or as documented). Iterate a compound packet like this:
 * <pre>{@code
 * for (int off = RtcpPacket.first(buf); off >= 0; off = RtcpPacket.next(buf, off)) {
 *     switch (RtcpPacket.packetType(buf, off)) { ... }
 * }
 * }</pre>
 * Writers append at {@code writerIndex()} and return the number of bytes written.
 */
public final class RtcpPacket {

    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** Transport layer feedback (RFC 4585 §6.1). */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585 §6.1). */
    public static final int PSFB = 206;

    /** Size of the common header. */
    public static final int HEADER_LENGTH = 4;
    /** Size of the feedback header: common header, sender SSRC, media source SSRC (RFC 4585 §6.1). */
    public static final int FEEDBACK_HEADER_LENGTH = 12;

    private RtcpPacket() {
    }

    /**
     * Whether the datagram looks like RTCP: first byte in 128..191 (RFC 7983 §7) and packet type
     * 192..223 (RFC 5761 §4), with room for a header and sender SSRC.
     */
    public static boolean isRtcp(ByteBuf buf) {
        if (buf.readableBytes() < 8) {
            return false;
        }
        int first = buf.getUnsignedByte(buf.readerIndex());
        int type = buf.getUnsignedByte(buf.readerIndex() + 1);
        return first >= 128 && first <= 191 && type >= 192 && type <= 223;
    }

    /** Index of the first packet of the compound packet, or -1 if it is not a whole RTCP packet. */
    public static int first(ByteBuf buf) {
        return end(buf, buf.readerIndex()) < 0 ? -1 : buf.readerIndex();
    }

    /** Index of the packet after the one at {@code off}, or -1 at the end or on garbage. */
    public static int next(ByteBuf buf, int off) {
        int end = end(buf, off);
        if (end < 0 || end >= buf.writerIndex()) {
            return -1;
        }
        return end(buf, end) < 0 ? -1 : end;
    }

    /**
     * Whether the readable bytes are a sequence of whole version-2 RTCP packets with padding only
     * in the last one (RFC 3550 §6.1, Appendix A.2). The first packet need not be an SR or RR,
     * since reduced-size RTCP (RFC 5506 §3.4) is common in WebRTC.
     */
    public static boolean isValidCompound(ByteBuf buf) {
        int off = first(buf);
        if (off < 0) {
            return false;
        }
        while (true) {
            int end = end(buf, off);
            if (end < 0) {
                return false;
            }
            if (end == buf.writerIndex()) {
                return contentEnd(buf, off) >= 0;
            }
            if (padding(buf, off)) {
                return false;
            }
            off = end;
        }
    }

    public static int version(ByteBuf buf, int off) {
        return inBounds(buf, off, 1) ? buf.getUnsignedByte(off) >> 6 : -1;
    }

    public static boolean padding(ByteBuf buf, int off) {
        return inBounds(buf, off, 1) && (buf.getByte(off) & 0x20) != 0;
    }

    /** The 5-bit count field: report/source count, or FMT for feedback packets (RFC 4585 §6.1). */
    public static int count(ByteBuf buf, int off) {
        return inBounds(buf, off, 1) ? buf.getByte(off) & 0x1F : -1;
    }

    public static int packetType(ByteBuf buf, int off) {
        return inBounds(buf, off, 2) ? buf.getUnsignedByte(off + 1) : -1;
    }

    /** The length field: packet length in 32-bit words minus one. */
    public static int lengthWords(ByteBuf buf, int off) {
        return inBounds(buf, off, HEADER_LENGTH) ? buf.getUnsignedShort(off + 2) : -1;
    }

    /** Packet length in bytes, header and padding included, or -1 if it overruns the buffer. */
    public static int packetLength(ByteBuf buf, int off) {
        int end = end(buf, off);
        return end < 0 ? -1 : end - off;
    }

    /** The SSRC following the common header (sender / packet sender), or -1. */
    public static long senderSsrc(ByteBuf buf, int off) {
        return u32(buf, off + 4, contentEnd(buf, off));
    }

    /** "SSRC of media source" of a feedback packet (RFC 4585 §6.1), or -1. */
    public static long mediaSsrc(ByteBuf buf, int off) {
        return u32(buf, off + 8, contentEnd(buf, off));
    }

    /** Whether the packet at {@code off} is feedback of type {@code packetType} with this FMT. */
    static boolean isFeedback(ByteBuf buf, int off, int packetType, int fmt) {
        return packetType(buf, off) == packetType && count(buf, off) == fmt
                && contentEnd(buf, off) - off >= FEEDBACK_HEADER_LENGTH;
    }

    /** End (exclusive) of a version-2 packet at {@code off} that fits the buffer, else -1. */
    static int end(ByteBuf buf, int off) {
        if (!inBounds(buf, off, HEADER_LENGTH) || buf.getUnsignedByte(off) >> 6 != 2) {
            return -1;
        }
        int end = off + 4 * (buf.getUnsignedShort(off + 2) + 1);
        return end <= buf.writerIndex() ? end : -1;
    }

    /** End of the packet's content, before its padding (RFC 3550 §6.4.1), or -1 if malformed. */
    static int contentEnd(ByteBuf buf, int off) {
        int end = end(buf, off);
        if (end < 0 || (buf.getByte(off) & 0x20) == 0) {
            return end;
        }
        int padding = buf.getUnsignedByte(end - 1);
        return padding >= 1 && end - padding >= off + HEADER_LENGTH ? end - padding : -1;
    }

    /** Unsigned 32-bit value at {@code index} if it lies before {@code end}, else -1. */
    static long u32(ByteBuf buf, int index, int end) {
        return index >= 0 && index + 4 <= end ? buf.getUnsignedInt(index) : -1;
    }

    /** Unsigned 16-bit value at {@code index} if it lies before {@code end}, else -1. */
    static int u16(ByteBuf buf, int index, int end) {
        return index >= 0 && index + 2 <= end ? buf.getUnsignedShort(index) : -1;
    }

    /** Unsigned byte at {@code index} if it lies before {@code end}, else -1. */
    static int u8(ByteBuf buf, int index, int end) {
        return index >= 0 && index < end ? buf.getUnsignedByte(index) : -1;
    }

    /** Appends a common header without padding; {@code length} is the total packet size in bytes. */
    static void writeHeader(ByteBuf out, int count, int packetType, int length) {
        out.writeByte(0x80 | count);
        out.writeByte(packetType);
        out.writeShort(length / 4 - 1);
    }

    private static boolean inBounds(ByteBuf buf, int off, int length) {
        return off >= buf.readerIndex() && off <= buf.writerIndex() - length;
    }
}
