package org.parley.signaling.peer;

/**
 * The pace of a real-time source of fixed-length frames, on a monotonic clock: at each wake-up, how many
 * frames have fallen due since the last, however late the wake-up came. The source so emits exactly as
 * much audio as time passed, without drifting and without relying on a scheduler to make up missed runs.
 *
 * <p>A backlog is capped: past {@code maxBacklog} frames the oldest are skipped. A hiccup (a descheduled
 * thread under load, a collection pausing the JVM) lasts tens of milliseconds and its frames all go out, so
 * the stream stays continuous; a stop longer than the cap is a real gap, and queuing all of it would only
 * add as much delay to the receiver's jitter buffer.
 */
final class FramePacer {

    private final long startNanos;
    private final long frameNanos;
    private final int maxBacklog;
    /** Frames handed out or skipped: frame {@code k} falls due at {@code startNanos + k * frameNanos}. */
    private long accounted;
    private volatile long skipped;
    private volatile long longestLatenessNanos;

    /** Frame 0 falls due at {@code startNanos} ({@link System#nanoTime()}'s clock). */
    FramePacer(long startNanos, long frameNanos, int maxBacklog) {
        if (frameNanos <= 0 || maxBacklog < 1) {
            throw new IllegalArgumentException("frame " + frameNanos + " ns, backlog " + maxBacklog);
        }
        this.startNanos = startNanos;
        this.frameNanos = frameNanos;
        this.maxBacklog = maxBacklog;
    }

    /** How many frames to emit at {@code nowNanos}: those fallen due since the last call, at most the cap. */
    int due(long nowNanos) {
        long pending = Math.floorDiv(nowNanos - startNanos, frameNanos) + 1 - accounted;
        if (pending <= 0) {
            return 0;
        }
        longestLatenessNanos = Math.max(longestLatenessNanos, nowNanos - nextDueNanos());
        if (pending > maxBacklog) {
            skipped += pending - maxBacklog;
            accounted += pending - maxBacklog;
            pending = maxBacklog;
        }
        accounted += pending;
        return (int) pending;
    }

    /** When the next frame falls due. */
    long nextDueNanos() {
        return startNanos + accounted * frameNanos;
    }

    /** Frames skipped because more than the cap were due at once. */
    long skipped() {
        return skipped;
    }

    /** The longest a frame waited past its due time for a wake-up. */
    long longestLatenessNanos() {
        return longestLatenessNanos;
    }
}
