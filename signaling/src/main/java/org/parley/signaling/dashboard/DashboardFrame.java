package org.parley.signaling.dashboard;

import java.util.List;

/**
 * Everything the feed saw at one tick, immutable: what views send. A participant's history up to this
 * tick is in {@link DashboardFeed#history}, the alerts up to {@link #alertSequence} in
 * {@link DashboardFeed#alertsAfter}.
 *
 * @param tick          the feed's tick: one a second since the feed started
 * @param epochSecond   when the tick was sampled, Unix seconds
 * @param meetings      every meeting of the server that has not ended, in order of creation
 * @param alertSequence the sequence number of the newest alert raised so far (0: none)
 */
public record DashboardFrame(long tick, long epochSecond, List<MeetingSnapshot> meetings, long alertSequence) {

    public DashboardFrame {
        meetings = List.copyOf(meetings);
    }

    /** The Unix second of tick {@code otherTick}: ticks are one second apart. */
    public long epochSecondOf(long otherTick) {
        return epochSecond - (tick - otherTick);
    }
}
