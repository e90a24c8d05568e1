package org.parley.media.rtcp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Source description, PT=202 (RFC 3550 §6.5): chunks of an SSRC and items; only CNAME (§6.5.1)
 * is read and written here. Offsets and buffer rules are those of {@link RtcpPacket}.
 */
public final class Sdes {

    /** Item type of CNAME. */
    public static final int CNAME = 1;

    private Sdes() {
    }

    public static boolean isSdes(ByteBuf buf, int off) {
        return RtcpPacket.packetType(buf, off) == RtcpPacket.SDES && RtcpPacket.contentEnd(buf, off) >= 0;
    }

    /** Number of chunks (SC), or -1. */
    public static int chunkCount(ByteBuf buf, int off) {
        return RtcpPacket.count(buf, off);
    }

    /** SSRC/CSRC of chunk {@code chunk}, or -1 if it is missing or malformed. */
    public static long chunkSsrc(ByteBuf buf, int off, int chunk) {
        int start = chunkStart(buf, off, chunk);
        return start < 0 ? -1 : buf.getUnsignedInt(start);
    }

    /**
     * Copies the CNAME text of chunk {@code chunk} into {@code dst} from index 0.
     *
     * @return its length, or -1 if the chunk is missing, malformed, has no CNAME or it does not fit
     */
    public static int cname(ByteBuf buf, int off, int chunk, byte[] dst) {
        int text = cnameIndex(buf, off, chunk);
        if (text < 0) {
            return -1;
        }
        int length = buf.getUnsignedByte(text - 1);
        if (length > dst.length) {
            return -1;
        }
        buf.getBytes(text, dst, 0, length);
        return length;
    }

    /** The CNAME of chunk {@code chunk} as a new String, or null. Allocates: not per packet. */
    public static String cname(ByteBuf buf, int off, int chunk) {
        int text = cnameIndex(buf, off, chunk);
        return text < 0 ? null : buf.toString(text, buf.getUnsignedByte(text - 1), StandardCharsets.UTF_8);
    }

    /**
     * Appends an SDES packet with one chunk holding a CNAME item, null-terminated and padded to
     * 32 bits (RFC 3550 §6.5).
     *
     * @return bytes written, or -1 (nothing written) if {@code cname} is longer than 255 bytes
     */
    public static int writeCname(ByteBuf out, long ssrc, byte[] cname) {
        if (cname.length > 255) {
            return -1;
        }
        // SSRC, item header, text, then at least one null octet ending the item list.
        int chunkLength = (4 + 2 + cname.length + 1 + 3) & ~3;
        int length = RtcpPacket.HEADER_LENGTH + chunkLength;
        RtcpPacket.writeHeader(out, 1, RtcpPacket.SDES, length);
        out.writeInt((int) ssrc);
        out.writeByte(CNAME);
        out.writeByte(cname.length);
        out.writeBytes(cname);
        out.writeZero(chunkLength - 4 - 2 - cname.length);
        return length;
    }

    /** Index of the CNAME text of a chunk (its length byte precedes it), or -1. */
    private static int cnameIndex(ByteBuf buf, int off, int chunk) {
        int start = chunkStart(buf, off, chunk);
        if (start < 0) {
            return -1;
        }
        int end = RtcpPacket.contentEnd(buf, off);
        int i = start + 4;
        while (i + 2 <= end) {
            int type = buf.getUnsignedByte(i);
            if (type == 0) {
                return -1;
            }
            if (type == CNAME) {
                return i + 2;
            }
            i += 2 + buf.getUnsignedByte(i + 1);
        }
        return -1;
    }

    /** Index of chunk {@code chunk} if it and all chunks before it are well formed, else -1. */
    private static int chunkStart(ByteBuf buf, int off, int chunk) {
        int end = RtcpPacket.contentEnd(buf, off);
        if (!isSdes(buf, off) || chunk < 0 || chunk >= chunkCount(buf, off)) {
            return -1;
        }
        int start = off + RtcpPacket.HEADER_LENGTH;
        for (int c = 0; c <= chunk; c++) {
            int next = chunkEnd(buf, start, end);
            if (next < 0) {
                return -1;
            }
            if (c == chunk) {
                return start;
            }
            start = next;
        }
        return -1;
    }

    /** End of the chunk at {@code start}: after the null item, aligned to 32 bits; -1 if malformed. */
    private static int chunkEnd(ByteBuf buf, int start, int end) {
        int i = start + 4;
        while (i < end) {
            int type = buf.getUnsignedByte(i);
            if (type == 0) {
                int aligned = start + ((i + 1 - start + 3) & ~3);
                return aligned <= end ? aligned : -1;
            }
            if (i + 2 > end) {
                return -1;
            }
            i += 2 + buf.getUnsignedByte(i + 1);
        }
        return -1;
    }
}
