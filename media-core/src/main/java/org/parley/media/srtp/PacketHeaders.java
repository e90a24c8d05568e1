package org.parley.media.srtp;

import io.netty.buffer.ByteBuf;

/** Reads the clear-text headers SRTP and SRTCP need, validating them against the packet length. */
final class PacketHeaders {
    static final int RTP_FIXED_HEADER_LENGTH = 12;
    static final int RTP_SEQUENCE_OFFSET = 2;
    static final int RTP_SSRC_OFFSET = 8;
    static final int RTCP_SSRC_OFFSET = 4;
    private static final int VERSION_2 = 2;

    private PacketHeaders() {
    }

    /**
     * Length of the RTP header at {@code buf[index]}: fixed header, CSRCs and header extension
     * (RFC 3550 §5.1, §5.3.1). Returns -1 if it is not version 2 or does not fit in {@code length}.
     */
    static int rtpHeaderLength(ByteBuf buf, int index, int length) {
        if (length < RTP_FIXED_HEADER_LENGTH) {
            return -1;
        }
        int first = buf.getUnsignedByte(index);
        if (first >>> 6 != VERSION_2) {
            return -1;
        }
        int headerLength = RTP_FIXED_HEADER_LENGTH + 4 * (first & 0x0f);
        if ((first & 0x10) != 0) {
            if (length < headerLength + 4) {
                return -1;
            }
            headerLength += 4 + 4 * buf.getUnsignedShort(index + headerLength + 2);
        }
        return headerLength <= length ? headerLength : -1;
    }

    /** True if {@code buf[index]} starts an RTCP packet of version 2 with its sender SSRC in {@code length}. */
    static boolean isRtcp(ByteBuf buf, int index, int length) {
        return length >= SrtpCipher.RTCP_CLEAR_HEADER_LENGTH && buf.getUnsignedByte(index) >>> 6 == VERSION_2;
    }
}
