package org.parley.signaling.statistics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.store.StatisticsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peak of each meeting's webcast audience, for the statistics ({@code stat_meetings.webcast_listeners}):
 * every {@link #PERIOD} the store's thread reads each meeting's estimated listeners (distinct client
 * addresses that fetched a media playlist in the last 30 s) and writes it when it is above the peak seen
 * so far. A meeting whose webcast is on gets 0 at the first sample, so its figure is 0, not null, when
 * nobody listened; one that never had a webcast keeps null.
 *
 * <p>Thread: {@link #sample} runs on the store's thread only (the map needs no lock).
 */
final class WebcastPeaks {

    /** How often the audience is sampled: a third of the estimate's 30 s window. */
    static final Duration PERIOD = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(WebcastPeaks.class);

    private final StatisticsStore store;
    private final MeetingRegistry meetings;
    private final Function<String, Integer> listeners;
    /** The peak written per meeting since this server started; the store keeps the larger across restarts. */
    private final Map<String, Integer> peaks = new HashMap<>();

    /** @param listeners a meeting's estimated webcast listeners now, null while its webcast is off */
    WebcastPeaks(StatisticsStore store, MeetingRegistry meetings, Function<String, Integer> listeners) {
        this.store = store;
        this.meetings = meetings;
        this.listeners = listeners;
    }

    /** The store's thread. Never throws: a periodic task that throws is not run again. */
    void sample() {
        try {
            Map<String, Integer> seen = new HashMap<>();
            for (Meeting meeting : meetings.meetings()) {
                Integer now = listeners.apply(meeting.id());
                Integer peak = peaks.get(meeting.id());
                if (peak != null) {
                    seen.put(meeting.id(), peak);
                }
                if (now != null && (peak == null || now > peak)) {
                    seen.put(meeting.id(), now);
                    store.webcastListeners(meeting.id(), meeting.title(), now);
                }
            }
            peaks.clear();
            peaks.putAll(seen); // meetings removed are forgotten
        } catch (RuntimeException e) {
            LOG.warn("Cannot sample the webcasts' listeners: {}", e.toString());
        }
    }
}
