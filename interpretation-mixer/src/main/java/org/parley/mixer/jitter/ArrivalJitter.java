package org.parley.mixer.jitter;

/**
 * Measures how late packets arrive relative to the earliest one, over the last {@value #WINDOW}
 * packets.
 *
 * <p>For each packet the relative transit delay is its arrival time minus its media time (RTP
 * timestamp at 48 kHz, RFC 7587 §4.1), the quantity whose variation RFC 3550 §6.4.1 calls
 * interarrival jitter. Instead of RFC 3550's smoothed mean this keeps a window and reports the 95th
 * percentile above the window's minimum: the extra delay that would have let 95 % of recent packets
 * arrive in time. The window also makes the estimate fall back once a burst of jitter has passed.
 */
final class ArrivalJitter {

    static final int WINDOW = 128;
    private static final int PERCENTILE = 95;
    // RTP clock for Opus is always 48 kHz (RFC 7587 §4.1): 1e9 / 48000 = 62500 / 3 ns per tick.
    private static final long NANOS_PER_TICK_NUMERATOR = 62_500;
    private static final long NANOS_PER_TICK_DENOMINATOR = 3;

    /** Most delays {@link #percentile()} keeps: the top 5 % of a full window, plus one for rounding. */
    private static final int TOP = WINDOW - (WINDOW - 1) * PERCENTILE / 100 + 1;

    private final long[] delays = new long[WINDOW];
    private final long[] top = new long[TOP];
    private int count;
    private int next;
    private boolean hasReference;
    private long referenceTimestamp;
    private long referenceTicks;
    private long baseArrivalNanos;
    private long jitterNanos;
    private boolean stale;

    /** Records one packet's RTP timestamp (32-bit, wrapping) and arrival time. */
    void observe(long rtpTimestamp, long arrivalNanos) {
        long timestamp = rtpTimestamp & 0xFFFF_FFFFL;
        if (!hasReference) {
            hasReference = true;
            referenceTimestamp = timestamp;
            referenceTicks = 0;
            baseArrivalNanos = arrivalNanos;
        }
        // Unwrap relative to the newest timestamp seen; reordered packets have a negative delta.
        int delta = (int) (timestamp - referenceTimestamp);
        long ticks = referenceTicks + delta;
        if (delta > 0) {
            referenceTimestamp = timestamp;
            referenceTicks = ticks;
        }
        long mediaNanos = ticks * NANOS_PER_TICK_NUMERATOR / NANOS_PER_TICK_DENOMINATOR;
        delays[next] = (arrivalNanos - baseArrivalNanos) - mediaNanos;
        next = (next + 1) % WINDOW;
        if (count < WINDOW) {
            count++;
        }
        stale = true;
    }

    /** The 95th percentile of relative delay above the window minimum, in nanoseconds; 0 when empty. */
    long jitterNanos() {
        if (stale) {
            jitterNanos = count == 0 ? 0 : percentile() - minimum();
            stale = false;
        }
        return jitterNanos;
    }

    /**
     * The delay at index {@code (count - 1) × 95 / 100} of the sorted window, i.e. the m-th largest
     * for m = count minus that index (at most {@value #TOP}). Kept as a small ascending array of the
     * m largest, in one pass: bounded work whatever the order of the delays, and unlike
     * {@code Arrays.sort}, which allocates run buffers for nearly sorted input, no allocation.
     */
    private long percentile() {
        int m = count - (count - 1) * PERCENTILE / 100;
        int kept = 0;
        for (int i = 0; i < count; i++) {
            long delay = delays[i];
            if (kept < m) {
                int j = kept++;
                for (; j > 0 && top[j - 1] > delay; j--) {
                    top[j] = top[j - 1];
                }
                top[j] = delay;
            } else if (delay > top[0]) {
                int j = 1;
                for (; j < m && top[j] < delay; j++) {
                    top[j - 1] = top[j];
                }
                top[j - 1] = delay;
            }
        }
        return top[0];
    }

    private long minimum() {
        long minimum = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            minimum = Math.min(minimum, delays[i]);
        }
        return minimum;
    }

    void reset() {
        count = 0;
        next = 0;
        hasReference = false;
        jitterNanos = 0;
        stale = false;
    }
}
