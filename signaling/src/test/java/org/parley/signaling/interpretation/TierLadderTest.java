package org.parley.signaling.interpretation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TierLadderTest {

    private static final List<String> RUNGS = List.of("standard", "low", "minimal");
    /** libwebrtc's audio report interval. */
    private static final long REPORT_MILLIS = 5_000;

    private long now = 1_000_000_000L;

    private String reportAfter(TierLadder ladder, long millis, double lossPercent) {
        now += millis * 1_000_000;
        return ladder.report(lossPercent, now);
    }

    @Test
    void startsOnTheBestRungAndStaysOnAQuietLink() {
        TierLadder ladder = new TierLadder(RUNGS, now);
        for (int i = 0; i < 20; i++) {
            assertNull(reportAfter(ladder, REPORT_MILLIS, 0.5));
        }
        assertEquals("standard", ladder.tier());
    }

    @Test
    void stepsDownOneRungPerLossyReportToTheLastAndNoFurther() {
        TierLadder ladder = new TierLadder(RUNGS, now);
        assertEquals("low", reportAfter(ladder, REPORT_MILLIS, 12));
        assertEquals("minimal", reportAfter(ladder, REPORT_MILLIS, 9));
        assertNull(reportAfter(ladder, REPORT_MILLIS, 40));
        assertEquals("minimal", ladder.tier());
    }

    @Test
    void lossBetweenTheThresholdsNeitherMovesNorCountsAsQuiet() {
        TierLadder ladder = new TierLadder(RUNGS, now);
        assertEquals("low", reportAfter(ladder, REPORT_MILLIS, 20));
        for (int i = 0; i < 10; i++) {
            assertNull(reportAfter(ladder, REPORT_MILLIS, 5), "5 % is neither lossy nor quiet");
        }
        assertNull(reportAfter(ladder, REPORT_MILLIS, 0), "a quiet spell starts only now");
        assertNull(reportAfter(ladder, TierLadder.FIRST_PROBE_MILLIS - 1, 0));
        assertEquals("standard", reportAfter(ladder, 1, 0));
    }

    @Test
    void aReportSoonAfterAMoveIsSkippedBecauseItMostlyCoversTheOldTier() {
        TierLadder ladder = new TierLadder(RUNGS, now);
        assertEquals("low", reportAfter(ladder, REPORT_MILLIS, 15));
        assertNull(reportAfter(ladder, TierLadder.SETTLE_MILLIS - 1, 30));
        assertEquals("minimal", reportAfter(ladder, REPORT_MILLIS, 30));
    }

    @Test
    void climbsOneRungAfterTheProbeWaitOfQuietReports() {
        TierLadder ladder = new TierLadder(RUNGS, now);
        reportAfter(ladder, REPORT_MILLIS, 15);
        reportAfter(ladder, REPORT_MILLIS, 15);
        assertEquals("minimal", ladder.tier());
        String moved = null;
        long waited = 0;
        while (moved == null) {
            moved = reportAfter(ladder, REPORT_MILLIS, 1);
            waited += REPORT_MILLIS;
        }
        assertEquals("low", moved);
        assertEquals(TierLadder.FIRST_PROBE_MILLIS, waited);
        for (int i = 0; i < 3; i++) {
            assertNull(reportAfter(ladder, REPORT_MILLIS, 0), "one rung per probe wait");
        }
        assertEquals("standard", reportAfter(ladder, REPORT_MILLIS, 0));
    }

    @Test
    void aClimbThatFailsDoublesTheWaitAndAClimbThatHoldsResetsIt() {
        TierLadder ladder = new TierLadder(RUNGS, now);
        assertEquals("low", reportAfter(ladder, REPORT_MILLIS, 15));
        assertEquals("standard", reportAfter(ladder, TierLadder.FIRST_PROBE_MILLIS, 0));
        assertEquals("low", reportAfter(ladder, REPORT_MILLIS, 15), "the link holds only low");
        assertEquals(2 * TierLadder.FIRST_PROBE_MILLIS, ladder.probeWaitMillis());

        assertNull(reportAfter(ladder, TierLadder.FIRST_PROBE_MILLIS, 0), "the wait has doubled");
        assertEquals("standard", reportAfter(ladder, TierLadder.FIRST_PROBE_MILLIS, 0));
        assertEquals("low", reportAfter(ladder, REPORT_MILLIS, 15));
        assertEquals(4 * TierLadder.FIRST_PROBE_MILLIS, ladder.probeWaitMillis());

        for (int i = 0; i < 10; i++) {
            assertEquals("standard", reportAfter(ladder, TierLadder.MAX_PROBE_MILLIS, 0));
            assertEquals("low", reportAfter(ladder, REPORT_MILLIS, 15));
        }
        assertEquals(TierLadder.MAX_PROBE_MILLIS, ladder.probeWaitMillis(), "the wait is capped");

        assertEquals("standard", reportAfter(ladder, TierLadder.MAX_PROBE_MILLIS, 0));
        assertNull(reportAfter(ladder, TierLadder.FAILED_PROBE_MILLIS, 0));
        assertEquals(TierLadder.FIRST_PROBE_MILLIS, ladder.probeWaitMillis(), "the climb held");
    }

    @Test
    void aLadderOfOneRungNeverMoves() {
        TierLadder ladder = new TierLadder(List.of("low"), now);
        assertNull(reportAfter(ladder, REPORT_MILLIS, 50));
        assertNull(reportAfter(ladder, 600_000, 0));
        assertEquals("low", ladder.tier());
    }

    @Test
    void aLadderRebuiltOverOtherTiersKeepsTheCurrentTierOrStartsOnTheBest() {
        TierLadder kept = new TierLadder(List.of("standard", "low"), "low", now);
        assertEquals("low", kept.tier());
        assertEquals("standard", reportAfter(kept, TierLadder.FIRST_PROBE_MILLIS, 0));

        TierLadder withdrawn = new TierLadder(List.of("low", "minimal"), "standard", now);
        assertEquals("low", withdrawn.tier(), "standard is no longer allowed: the best rung left");
    }

    @Test
    void refusesAnEmptyLadder() {
        assertThrows(IllegalArgumentException.class, () -> new TierLadder(List.of(), now));
    }
}
