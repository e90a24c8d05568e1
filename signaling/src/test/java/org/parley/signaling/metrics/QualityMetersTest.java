package org.parley.signaling.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;
import org.parley.mixer.tier.TierSet;
import org.parley.signaling.meeting.Listening;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingEvents;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.meeting.ParticipantMedia;

/** {@code parley_quality_mos}: one histogram per meeting, an observation per known score per sample. */
class QualityMetersTest {

    private static final Pattern SERIES = Pattern.compile("^parley_quality_mos\\w*\\{([^}]*)}", Pattern.MULTILINE);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MeetingRegistry meetings = new MeetingRegistry(List.of(), ListenerTiers.of(TierSet.defaults()));
    private final QualityMeters meters = new QualityMeters(registry.getPrometheusRegistry(), meetings);

    @Test
    void oneHistogramPerMeetingFedByEveryKnownScoreAndRemovedWhenTheMeetingEnds() {
        Meeting council = meeting("council");
        join(council, "Good", QualityScore.ofRating(92));
        join(council, "Lossy", QualityScore.ofRating(55));
        join(council, "Unmeasured", QualityScore.UNKNOWN);
        Meeting board = meeting("board");
        join(board, "Fair", QualityScore.ofRating(70));

        meters.sample();
        meters.sample();
        String scrape = registry.scrape();
        assertEquals(4, value(scrape, "parley_quality_mos_count{meeting=\"council\"}"), scrape);
        assertEquals(2, value(scrape, "parley_quality_mos_count{meeting=\"board\"}"), scrape);
        double sum = 2 * (QualityScore.ofRating(92).mos() + QualityScore.ofRating(55).mos());
        assertEquals(sum, value(scrape, "parley_quality_mos_sum{meeting=\"council\"}"), 1e-6);
        // MOS 4.38 and 2.83: at most 3.0 are the lossy one's two; up to 4.5 all four.
        assertEquals(0, value(scrape, "parley_quality_mos_bucket{meeting=\"council\",le=\"2.5\"}"), scrape);
        assertEquals(2, value(scrape, "parley_quality_mos_bucket{meeting=\"council\",le=\"3.0\"}"), scrape);
        assertEquals(2, value(scrape, "parley_quality_mos_bucket{meeting=\"council\",le=\"4.0\"}"), scrape);
        assertEquals(0, value(scrape, "parley_quality_mos_bucket{meeting=\"board\",le=\"3.5\"}"), "MOS 3.6 is over 3.5");
        assertEquals(2, value(scrape, "parley_quality_mos_bucket{meeting=\"board\",le=\"4.0\"}"), scrape);
        assertEquals(4, value(scrape, "parley_quality_mos_bucket{meeting=\"council\",le=\"4.5\"}"), scrape);
        assertEquals(4, value(scrape, "parley_quality_mos_bucket{meeting=\"council\",le=\"+Inf\"}"), scrape);
        for (String bound : List.of("1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "+Inf")) {
            value(scrape, "parley_quality_mos_bucket{meeting=\"board\",le=\"" + bound + "\"}");
        }
        Matcher series = SERIES.matcher(scrape);
        while (series.find()) {
            assertTrue(series.group(1).matches("meeting=\"\\w+\"(,le=\"[^\"]+\")?"),
                    "labelled by meeting (and bucket) only: " + series.group());
        }

        council.end(null);
        meters.sample();
        scrape = registry.scrape();
        assertFalse(scrape.contains("meeting=\"council\""), "the ended meeting's series are gone:\n" + scrape);
        assertEquals(3, value(scrape, "parley_quality_mos_count{meeting=\"board\"}"));

        meetings.remove("board");
        meters.sample();
        assertFalse(registry.scrape().contains("parley_quality_mos"), "a deleted meeting's too");
    }

    @Test
    void closingRemovesEverySeriesAndStopsSampling() {
        join(meeting("council"), "Good", QualityScore.ofRating(92));
        meters.sample();
        assertTrue(registry.scrape().contains("parley_quality_mos_count{meeting=\"council\"} 1"));
        meters.close();
        assertFalse(registry.scrape().contains("parley_quality_mos"));
        meters.sample();
        assertFalse(registry.scrape().contains("parley_quality_mos"), "no sample after close");
    }

    private Meeting meeting(String id) {
        Meeting meeting = new Meeting(id, id, List.of("en"));
        meetings.add(meeting);
        return meeting;
    }

    private static void join(Meeting meeting, String name, QualityScore score) {
        meeting.join(name, new MeetingEvents() { }, joined -> { }).setMedia(new Scored(score));
    }

    /** A participant's media that only has a score. */
    private record Scored(QualityScore score) implements ParticipantMedia {
        @Override
        public Listening listening() {
            return NONE.listening();
        }

        @Override
        public TransportQuality quality() {
            return NONE.quality();
        }

        @Override
        public boolean closeTransport(String reason) {
            return NONE.closeTransport(reason);
        }
    }

    private static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        throw new AssertionError("no " + series + " in\n" + scrape);
    }
}
