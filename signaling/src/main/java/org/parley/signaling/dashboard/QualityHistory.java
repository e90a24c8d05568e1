package org.parley.signaling.dashboard;

/**
 * One participant's last ten minutes of link figures, one sample a second, in a ring of fixed size:
 * {@value #SECONDS} samples of four floats, 9.6 KB however long the participant stays. A sample is
 * numbered by the feed's tick (one per second); a figure not known at that tick is NaN, and so is a
 * second the feed skipped.
 *
 * <p>The feed's thread records, views read what came after the last sample they sent; both under this
 * object's lock, which is held for a copy of at most {@value #SECONDS} floats per series.
 */
public final class QualityHistory {

    /** How far back the history reaches: ten minutes of one-second samples. */
    public static final int SECONDS = 600;

    private final float[] lossPercent = new float[SECONDS];
    private final float[] jitterMillis = new float[SECONDS];
    private final float[] rttMillis = new float[SECONDS];
    private final float[] mos = new float[SECONDS];
    /** The tick of the first sample ever recorded, -1 before it. */
    private long firstTick = -1;
    private long lastTick = -1;

    /**
     * The samples of ticks {@link #fromTick} on, one per tick, oldest first; NaN where unknown.
     *
     * @param fromTick the first sample's tick
     */
    public record Samples(long fromTick, float[] lossPercent, float[] jitterMillis, float[] rttMillis, float[] mos) {

        /** How many samples. */
        public int size() {
            return lossPercent.length;
        }
    }

    /**
     * Records the figures of {@code tick}, which must be later than the last one recorded; ticks in
     * between (the feed was late) are unknown. Pass NaN for a figure not known.
     */
    public synchronized void record(long tick, float loss, float jitter, float rtt, float score) {
        if (tick <= lastTick) {
            throw new IllegalArgumentException("tick " + tick + " is not after " + lastTick);
        }
        if (firstTick < 0) {
            firstTick = tick;
        } else {
            // At most a ring's worth of gap to fill: older ticks are overwritten anyway.
            for (long missed = Math.max(lastTick + 1, tick - SECONDS + 1); missed < tick; missed++) {
                put(missed, Float.NaN, Float.NaN, Float.NaN, Float.NaN);
            }
        }
        put(tick, loss, jitter, rtt, score);
        lastTick = tick;
    }

    private void put(long tick, float loss, float jitter, float rtt, float score) {
        int at = (int) (tick % SECONDS);
        lossPercent[at] = loss;
        jitterMillis[at] = jitter;
        rttMillis[at] = rtt;
        mos[at] = score;
    }

    /**
     * The samples after {@code afterTick} up to {@code upToTick}, both bounds clipped to what the ring
     * still holds; null if there are none.
     */
    public synchronized Samples since(long afterTick, long upToTick) {
        if (firstTick < 0) {
            return null;
        }
        long from = Math.max(Math.max(afterTick + 1, firstTick), lastTick - SECONDS + 1);
        long to = Math.min(upToTick, lastTick);
        if (to < from) {
            return null;
        }
        int count = (int) (to - from + 1);
        return new Samples(from, copy(lossPercent, from, count), copy(jitterMillis, from, count),
                copy(rttMillis, from, count), copy(mos, from, count));
    }

    private static float[] copy(float[] ring, long fromTick, int count) {
        float[] out = new float[count];
        int start = (int) (fromTick % SECONDS);
        int first = Math.min(count, SECONDS - start);
        System.arraycopy(ring, start, out, 0, first);
        System.arraycopy(ring, 0, out, first, count - first);
        return out;
    }

    /** The tick of the newest sample, -1 before any. */
    public synchronized long lastTick() {
        return lastTick;
    }
}
