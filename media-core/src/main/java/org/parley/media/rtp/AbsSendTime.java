package org.parley.media.rtp;

import io.netty.buffer.ByteBuf;

/**
 * The abs-send-time header extension (http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time):
 * 24 bits of 6.18 fixed point seconds, wrapping every 64 s.
 * Buffer rules are those of {@link HeaderExtensions}.
 */
public final class AbsSendTime {

    /** Length of the element data. */
    public static final int LENGTH = 3;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private AbsSendTime() {
    }

    /** The 24-bit value, or -1 if the packet carries no such element. */
    public static int read(ByteBuf pkt, int id) {
        int index = HeaderExtensions.find(pkt, id);
        return index < 0 || HeaderExtensions.length(pkt, index) != LENGTH ? -1 : pkt.getUnsignedMedium(index);
    }

    /** Overwrites an existing element in place with {@code value} (24 bits); false if there is none. */
    public static boolean write(ByteBuf pkt, int id, int value) {
        int index = HeaderExtensions.find(pkt, id);
        if (index < 0 || HeaderExtensions.length(pkt, index) != LENGTH) {
            return false;
        }
        pkt.setMedium(index, value);
        return true;
    }

    /** The 6.18 fixed point value of a time in nanoseconds (any epoch); only 64 s survive the wrap. */
    public static int fromNanos(long nanos) {
        // Split seconds from the fraction so that the shift cannot overflow for large clocks.
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long fraction = Math.floorMod(nanos, NANOS_PER_SECOND);
        return (int) (((seconds & 0x3F) << 18) | ((fraction << 18) / NANOS_PER_SECOND));
    }

    /** Nanoseconds (0 .. 64 s) represented by a 24-bit value. */
    public static long toNanos(int value) {
        return ((value & 0xFFFFFFL) * NANOS_PER_SECOND) >> 18;
    }
}
