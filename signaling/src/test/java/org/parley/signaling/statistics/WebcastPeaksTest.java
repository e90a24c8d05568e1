package org.parley.signaling.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.meeting.FloorMode;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.store.QualitySummary;
import org.parley.signaling.store.StatisticsRecord;

/**
 * The sampler of the webcasts' audience on a real store: the peak is what the statistics keep, a webcast
 * nobody listens to is 0, a meeting without one stays null; a meeting that goes is forgotten.
 */
class WebcastPeaksTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;

    private static Meeting meeting(String id) {
        return new Meeting(id, id.toUpperCase(), List.of("en", "fr"), false, FloorMode.CHAIRED, "en",
                ListenerTiers.DEFAULTS, ListenerTiers.DEFAULTS.names());
    }

    @Test
    void thePeakOfEachWebcastIsRecordedAndAMeetingWithoutOneStaysNull() throws Exception {
        MeetingRegistry meetings = new MeetingRegistry(List.of(), ListenerTiers.DEFAULTS);
        for (String id : List.of("council", "plenary", "closed")) {
            meetings.add(meeting(id));
        }
        // What Webcasts.listeners answers: null while the meeting's webcast is off.
        Map<String, Integer> audience = new ConcurrentHashMap<>(Map.of("council", 2, "plenary", 0));
        try (ParleyStore store = ParleyStore.open(dir)) {
            for (String id : List.of("council", "plenary", "closed")) {
                store.statistics().joined(new StatisticsRecord("p-" + id, id, id, null, "delegate", "browser", null,
                        null, T0, null, null, Map.of(), QualitySummary.NONE));
            }
            WebcastPeaks peaks = new WebcastPeaks(store.statistics(), meetings, audience::get);
            sample(store, peaks);
            audience.put("council", 9);
            sample(store, peaks);
            audience.put("council", 4);
            audience.remove("plenary"); // its webcast turned off: the figure it had stays
            sample(store, peaks);
            assertEquals(Map.of("council", 9, "plenary", 0),
                    store.statistics().joinedBetween(T0, T0.plusSeconds(60)).webcastListeners());

            meetings.remove("council");
            audience.put("council", 50); // gone from the registry: no longer sampled
            sample(store, peaks);
            assertEquals(9, store.statistics().forMeeting("council").webcastListeners().get("council"));
            assertFalse(store.statistics().forMeeting("closed").webcastListeners().containsKey("closed"));
            assertEquals(0, store.writer().failures());
        }
    }

    /** One sample on the store's thread, as the schedule runs it. */
    private static void sample(ParleyStore store, WebcastPeaks peaks) throws Exception {
        store.writer().submit("sample the webcasts", () -> {
            peaks.sample();
            return null;
        }).get();
    }
}
