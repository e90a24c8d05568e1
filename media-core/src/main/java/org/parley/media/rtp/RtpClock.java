package org.parley.media.rtp;

/** Conversion from wall clock durations to RTP timestamp units (RFC 3550 §5.1). */
final class RtpClock {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private RtpClock() {
    }

    /**
     * {@code nanos} in units of a {@code clockRate} Hz clock, rounded toward negative infinity;
     * seconds and remainder are scaled apart so that long durations cannot overflow.
     */
    static long toTimestampUnits(long nanos, int clockRate) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long remainder = Math.floorMod(nanos, NANOS_PER_SECOND);
        return seconds * clockRate + remainder * clockRate / NANOS_PER_SECOND;
    }
}
