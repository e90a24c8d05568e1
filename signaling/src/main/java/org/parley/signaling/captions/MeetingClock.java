package org.parley.signaling.captions;

import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * A meeting's clock: milliseconds since its origin, measured with a monotonic source (a change of the wall
 * clock never moves a caption). The origin is also kept as a wall-clock instant, which is what lines the
 * captions up with the rest: recording files and webcast segments carry their own wall-clock start, so a
 * caption at {@code t} ms is at {@code origin + t - file.startedAt} in a file. A meeting's clock starts
 * when the server makes the meeting (its mixer starts with it); after a restart the meeting has a new
 * clock, and the exports put the older segments on the first clock by their origins' distance.
 */
public final class MeetingClock {

    private final Instant origin;
    private final long originNanos;
    private final LongSupplier nanos;

    /** A clock that starts now. */
    public static MeetingClock startingNow() {
        return new MeetingClock(Instant.now(), System::nanoTime);
    }

    /**
     * @param origin the wall-clock instant of the origin
     * @param nanos  a monotonic nanosecond source, read once now for the origin
     */
    public MeetingClock(Instant origin, LongSupplier nanos) {
        this.origin = origin;
        this.nanos = nanos;
        this.originNanos = nanos.getAsLong();
    }

    /** The wall-clock instant of millisecond 0. */
    public Instant origin() {
        return origin;
    }

    /** Milliseconds since the origin now. */
    public long millis() {
        return Math.max(0, (nanos.getAsLong() - originNanos) / 1_000_000);
    }
}
