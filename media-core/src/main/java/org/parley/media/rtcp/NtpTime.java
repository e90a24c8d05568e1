package org.parley.media.rtcp;

/**
 * Conversions between wall clock time and the NTP formats RTCP uses (RFC 3550 §4): the 64-bit
 * timestamp (seconds since 1900 and a 32-bit fraction) and the compact middle 32 bits
 * (16.16 fixed point seconds) of LSR, DLSR and RTT arithmetic (§6.4.1).
 */
public final class NtpTime {

    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch). */
    public static final long EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private NtpTime() {
    }

    /** NTP seconds (unsigned 32 bits) of a time in nanoseconds since the Unix epoch. */
    public static long seconds(long epochNanos) {
        return (Math.floorDiv(epochNanos, NANOS_PER_SECOND) + EPOCH_OFFSET_SECONDS) & 0xFFFFFFFFL;
    }

    /** NTP fraction (unsigned 32 bits, 1/2^32 s) of a time in nanoseconds since the Unix epoch. */
    public static long fraction(long epochNanos) {
        return (Math.floorMod(epochNanos, NANOS_PER_SECOND) << 32) / NANOS_PER_SECOND;
    }

    /** Middle 32 bits of the NTP timestamp of a time in nanoseconds since the Unix epoch. */
    public static long compact(long epochNanos) {
        return (seconds(epochNanos) & 0xFFFF) << 16 | fraction(epochNanos) >>> 16;
    }

    /** A duration in 1/65536 s, as DLSR carries it (unsigned 32 bits, saturating). */
    public static long compactDuration(long nanos) {
        if (nanos <= 0) {
            return 0;
        }
        long seconds = nanos / NANOS_PER_SECOND;
        if (seconds >= 0x10000) {
            return 0xFFFFFFFFL;
        }
        return seconds << 16 | ((nanos % NANOS_PER_SECOND) << 16) / NANOS_PER_SECOND;
    }

    /** Milliseconds in a duration of 1/65536 s units. */
    public static long compactToMillis(long compact) {
        return (compact & 0xFFFFFFFFL) * 1000 >> 16;
    }
}
