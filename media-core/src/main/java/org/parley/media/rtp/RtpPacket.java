package org.parley.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * Static flyweight accessors for an RTP packet (RFC 3550 §5.1) held in a {@link ByteBuf}.
 *
 * <p>The packet starts at the buffer's {@code readerIndex()} and ends at its {@code writerIndex()}.
 * Every accessor reads with absolute indexes and never moves the reader or writer index; the
 * buffer stays owned (and released) by the caller. Nothing here allocates.
 *
 * <p>Getters never throw: on a buffer shorter than the 12-byte fixed header they return -1
 * ({@code false} for flags); {@link #headerLength} returns -1 if the header does not fit, and the
 * payload and padding accessors return -1 unless {@link #isValid} holds. Setters write in place
 * and expect a packet for which {@link #isValid} returned {@code true}.
 */
public final class RtpPacket {

    /** Size of the fixed header (RFC 3550 §5.1). */
    public static final int FIXED_HEADER_LENGTH = 12;

    private RtpPacket() {
    }

    /**
     * Whether the datagram looks like RTP rather than RTCP, STUN or DTLS: first byte in 128..191
     * (RFC 7983 §7) and a second byte whose payload type is not 64..95, which with the marker bit
     * set would be the RTCP packet types 192..223 (RFC 5761 §4).
     */
    public static boolean isRtp(ByteBuf buf) {
        if (buf.readableBytes() < FIXED_HEADER_LENGTH) {
            return false;
        }
        int first = buf.getUnsignedByte(buf.readerIndex());
        if (first < 128 || first > 191) {
            return false;
        }
        int pt = buf.getUnsignedByte(buf.readerIndex() + 1) & 0x7F;
        return pt < 64 || pt > 95;
    }

    /**
     * Whether the packet is RTP version 2 and its fixed header, CSRC list, header extension and
     * padding all fit the readable bytes (RFC 3550 §5.1, §5.3.1).
     */
    public static boolean isValid(ByteBuf buf) {
        int headerLength = headerLength(buf);
        if (headerLength < 0) {
            return false;
        }
        return paddingLength(buf, headerLength) >= 0;
    }

    public static int version(ByteBuf buf) {
        return tooShort(buf) ? -1 : buf.getUnsignedByte(buf.readerIndex()) >> 6;
    }

    public static boolean padding(ByteBuf buf) {
        return !tooShort(buf) && (buf.getByte(buf.readerIndex()) & 0x20) != 0;
    }

    public static boolean hasExtension(ByteBuf buf) {
        return !tooShort(buf) && (buf.getByte(buf.readerIndex()) & 0x10) != 0;
    }

    public static int csrcCount(ByteBuf buf) {
        return tooShort(buf) ? -1 : buf.getByte(buf.readerIndex()) & 0x0F;
    }

    public static boolean marker(ByteBuf buf) {
        return !tooShort(buf) && (buf.getByte(buf.readerIndex() + 1) & 0x80) != 0;
    }

    public static int payloadType(ByteBuf buf) {
        return tooShort(buf) ? -1 : buf.getByte(buf.readerIndex() + 1) & 0x7F;
    }

    public static int sequenceNumber(ByteBuf buf) {
        return tooShort(buf) ? -1 : buf.getUnsignedShort(buf.readerIndex() + 2);
    }

    /** The 32-bit RTP timestamp as an unsigned value. */
    public static long timestamp(ByteBuf buf) {
        return tooShort(buf) ? -1 : buf.getUnsignedInt(buf.readerIndex() + 4);
    }

    /** The 32-bit SSRC as an unsigned value. */
    public static long ssrc(ByteBuf buf) {
        return tooShort(buf) ? -1 : buf.getUnsignedInt(buf.readerIndex() + 8);
    }

    /**
     * Length of fixed header, CSRC list and header extension (RFC 3550 §5.3.1), or -1 if they do
     * not fit the readable bytes or the version is not 2.
     */
    public static int headerLength(ByteBuf buf) {
        if (version(buf) != 2) {
            return -1;
        }
        int start = buf.readerIndex();
        int readable = buf.readableBytes();
        int length = FIXED_HEADER_LENGTH + 4 * csrcCount(buf);
        if (hasExtension(buf)) {
            if (length + 4 > readable) {
                return -1;
            }
            length += 4 + 4 * buf.getUnsignedShort(start + length + 2);
        }
        return length <= readable ? length : -1;
    }

    /** Index of the first payload byte relative to {@code readerIndex()}, or -1 if malformed. */
    public static int payloadOffset(ByteBuf buf) {
        return isValid(buf) ? headerLength(buf) : -1;
    }

    /** Payload length without RTP padding, or -1 if the packet is malformed. */
    public static int payloadLength(ByteBuf buf) {
        int headerLength = headerLength(buf);
        if (headerLength < 0) {
            return -1;
        }
        int padding = paddingLength(buf, headerLength);
        return padding < 0 ? -1 : buf.readableBytes() - headerLength - padding;
    }

    /** Number of padding octets (RFC 3550 §5.1: the last octet counts them), or -1 if malformed. */
    public static int paddingLength(ByteBuf buf) {
        int headerLength = headerLength(buf);
        return headerLength < 0 ? -1 : paddingLength(buf, headerLength);
    }

    /**
     * Appends a fixed header (RFC 3550 §5.1) of version 2, without padding, extension or CSRCs, at the
     * writer index; the payload follows it.
     */
    public static void writeFixedHeader(ByteBuf out, boolean marker, int payloadType, int sequenceNumber,
                                        long timestamp, long ssrc) {
        out.writeByte(0x80);
        out.writeByte((marker ? 0x80 : 0) | (payloadType & 0x7F));
        out.writeShort(sequenceNumber);
        out.writeInt((int) timestamp);
        out.writeInt((int) ssrc);
    }

    public static void setSequenceNumber(ByteBuf buf, int sequenceNumber) {
        buf.setShort(buf.readerIndex() + 2, sequenceNumber);
    }

    public static void setTimestamp(ByteBuf buf, long timestamp) {
        buf.setInt(buf.readerIndex() + 4, (int) timestamp);
    }

    public static void setSsrc(ByteBuf buf, long ssrc) {
        buf.setInt(buf.readerIndex() + 8, (int) ssrc);
    }

    public static void setPayloadType(ByteBuf buf, int payloadType) {
        int index = buf.readerIndex() + 1;
        buf.setByte(index, (buf.getByte(index) & 0x80) | (payloadType & 0x7F));
    }

    public static void setMarker(ByteBuf buf, boolean marker) {
        int index = buf.readerIndex() + 1;
        int b = buf.getByte(index);
        buf.setByte(index, marker ? b | 0x80 : b & 0x7F);
    }

    private static int paddingLength(ByteBuf buf, int headerLength) {
        if (!padding(buf)) {
            return 0;
        }
        int readable = buf.readableBytes();
        if (readable == headerLength) {
            return -1;
        }
        int count = buf.getUnsignedByte(buf.writerIndex() - 1);
        return count >= 1 && headerLength + count <= readable ? count : -1;
    }

    private static boolean tooShort(ByteBuf buf) {
        return buf.readableBytes() < FIXED_HEADER_LENGTH;
    }
}
