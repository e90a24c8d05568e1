package org.parley.media.rtp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The SDES MID header extension (RFC 9143 §15, urn:ietf:params:rtp-hdrext:sdes:mid): the
 * m-line identifier as ASCII text. Reads copy into or compare with caller-provided bytes;
 * only {@link #toString(ByteBuf, int)} allocates. Buffer rules are those of {@link HeaderExtensions}.
 */
public final class Mid {

    private Mid() {
    }

    /**
     * Copies the MID into {@code dst} from index 0.
     *
     * @return its length, or -1 if absent or longer than {@code dst}
     */
    public static int read(ByteBuf pkt, int id, byte[] dst) {
        int index = HeaderExtensions.find(pkt, id);
        int length = index < 0 ? -1 : HeaderExtensions.length(pkt, index);
        if (length < 0 || length > dst.length) {
            return -1;
        }
        pkt.getBytes(index, dst, 0, length);
        return length;
    }

    /** Whether the packet carries a MID equal to {@code mid}. */
    public static boolean matches(ByteBuf pkt, int id, byte[] mid) {
        int index = HeaderExtensions.find(pkt, id);
        if (index < 0 || HeaderExtensions.length(pkt, index) != mid.length) {
            return false;
        }
        for (int i = 0; i < mid.length; i++) {
            if (pkt.getByte(index + i) != mid[i]) {
                return false;
            }
        }
        return true;
    }

    /** The MID as a new String, or null if absent. Allocates: not for the per-packet path. */
    public static String toString(ByteBuf pkt, int id) {
        int index = HeaderExtensions.find(pkt, id);
        int length = index < 0 ? -1 : HeaderExtensions.length(pkt, index);
        return length < 0 ? null : pkt.toString(index, length, StandardCharsets.US_ASCII);
    }
}
