package org.parley.mixer.hls;

import java.util.Arrays;
import java.util.List;

/**
 * The recent segments of one rendition, for its live playlist and for serving them: the last
 * {@code size} segments, replaced as a whole (copy on write) when one is added, so readers on any
 * thread see a consistent snapshot without a lock. Added to on the mixer thread, once per segment.
 */
public final class LiveWindow {

    /**
     * What the live playlist shows at one moment.
     *
     * @param segments              oldest first
     * @param discontinuitySequence discontinuities that have slid out of the window (RFC 8216 §4.3.3.3)
     */
    public record Snapshot(List<HlsSegment> segments, long discontinuitySequence) {

        /** The segment with {@code index}, or null if it is not (or no longer) in the window. */
        public HlsSegment segment(long index) {
            if (segments.isEmpty()) {
                return null;
            }
            long first = segments.getFirst().index();
            long at = index - first;
            // Indexes are consecutive unless a restart cleared the window; search to be safe.
            if (at >= 0 && at < segments.size() && segments.get((int) at).index() == index) {
                return segments.get((int) at);
            }
            for (HlsSegment segment : segments) {
                if (segment.index() == index) {
                    return segment;
                }
            }
            return null;
        }
    }

    private final int size;
    private volatile Snapshot snapshot = new Snapshot(List.of(), 0);

    /** @param size segments kept, at least 3 (RFC 8216 §6.2.2: a live playlist keeps three target durations) */
    public LiveWindow(int size) {
        if (size < 3) {
            throw new IllegalArgumentException("a live window holds at least 3 segments: " + size);
        }
        this.size = size;
    }

    /**
     * Adds {@code segment}; the oldest leaves when the window is full. A discontinuity whose segment
     * index does not follow the last one clears the window (media sequence numbers must stay those of
     * their segments, RFC 8216 §6.2.2).
     */
    public void add(HlsSegment segment) {
        Snapshot before = snapshot;
        List<HlsSegment> segments = before.segments();
        long discontinuities = before.discontinuitySequence();
        boolean follows = segments.isEmpty() || segments.getLast().index() + 1 == segment.index();
        HlsSegment[] next;
        if (!follows) {
            for (HlsSegment gone : segments) {
                discontinuities += gone.discontinuity() ? 1 : 0;
            }
            next = new HlsSegment[] {segment};
        } else {
            int kept = Math.min(segments.size(), size - 1);
            next = new HlsSegment[kept + 1];
            int drop = segments.size() - kept;
            for (int i = 0; i < drop; i++) {
                discontinuities += segments.get(i).discontinuity() ? 1 : 0;
            }
            for (int i = 0; i < kept; i++) {
                next[i] = segments.get(drop + i);
            }
            next[kept] = segment;
        }
        snapshot = new Snapshot(Arrays.asList(next), discontinuities);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public int size() {
        return size;
    }
}
