package org.parley.signaling.e2e;

import java.util.concurrent.TimeUnit;

/**
 * Turns a peer's continuous tone into periodic talkspurts: passes its RTP packets for the first
 * {@code onMillis} of every {@code periodMillis} window and drops the rest, recording when the first
 * packet of each talkspurt was passed (the onset a latency measurement starts from).
 *
 * <p>Used as a {@link LossyUdpProxy.DropPolicy}: {@link #drop} runs on the relay thread only; read
 * {@link #onsets} once the relay has stopped, or the last few may be missing.
 */
final class Talkspurts implements LossyUdpProxy.DropPolicy {

    private final long periodNanos;
    private final long onNanos;
    private final long[] onsetNanos;
    private volatile int onsetCount;
    private long startNanos = Long.MIN_VALUE;
    private long lastWindow = -1;

    /** @param maxOnsets talkspurts to record; later ones still pass but are not recorded */
    Talkspurts(long periodMillis, long onMillis, int maxOnsets) {
        if (onMillis <= 0 || onMillis >= periodMillis) {
            throw new IllegalArgumentException("need 0 < onMillis < periodMillis: " + onMillis + ", " + periodMillis);
        }
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
        this.onNanos = TimeUnit.MILLISECONDS.toNanos(onMillis);
        this.onsetNanos = new long[maxOnsets];
    }

    @Override
    public boolean drop(long nowNanos) {
        if (startNanos == Long.MIN_VALUE) {
            startNanos = nowNanos;
        }
        long elapsed = nowNanos - startNanos;
        long window = elapsed / periodNanos;
        if (elapsed % periodNanos >= onNanos) {
            return true;
        }
        if (window != lastWindow) {
            lastWindow = window;
            int count = onsetCount;
            if (count < onsetNanos.length) {
                onsetNanos[count] = nowNanos;
                onsetCount = count + 1;
            }
        }
        return false;
    }

    /** Talkspurts started so far (at most {@code maxOnsets}). */
    int onsetCount() {
        return onsetCount;
    }

    /** {@link System#nanoTime()} at which each recorded talkspurt's first packet was passed, oldest first. */
    long[] onsets() {
        int count = onsetCount;
        long[] copy = new long[count];
        System.arraycopy(onsetNanos, 0, copy, 0, count);
        return copy;
    }
}
