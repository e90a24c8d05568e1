package org.parley.signaling.statistics;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parley.signaling.store.StatisticsRecord;
import org.parley.signaling.store.StatisticsRows;

/**
 * Which meetings' statistics a caller may read: every meeting for the admin key and operators; the
 * meetings it owns for an organiser ({@link #ofMeetings} of {@link ParticipationStatistics#meetingsOwnedBy}).
 */
public final class StatisticsScope {

    /** Every meeting: the scope of the admin key and of operators. */
    public static final StatisticsScope EVERY_MEETING = new StatisticsScope(null);

    /** Null for every meeting. */
    private final Set<String> meetingIds;

    private StatisticsScope(Set<String> meetingIds) {
        this.meetingIds = meetingIds;
    }

    /** Only the meetings {@code meetingIds}. */
    public static StatisticsScope ofMeetings(Collection<String> meetingIds) {
        return new StatisticsScope(Set.copyOf(meetingIds));
    }

    /** Whether the scope covers meeting {@code meetingId}. */
    public boolean includes(String meetingId) {
        return meetingIds == null || meetingIds.contains(meetingId);
    }

    /** {@code rows} without what lies outside the scope. */
    StatisticsRows restrict(StatisticsRows rows) {
        if (meetingIds == null) {
            return rows;
        }
        List<StatisticsRecord> kept = rows.participations().stream().filter(row -> includes(row.meetingId())).toList();
        Map<String, Integer> webcast = new HashMap<>(rows.webcastListeners());
        webcast.keySet().removeIf(meetingId -> !includes(meetingId));
        return new StatisticsRows(kept, webcast);
    }
}
