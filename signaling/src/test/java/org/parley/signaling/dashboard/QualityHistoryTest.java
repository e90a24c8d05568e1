package org.parley.signaling.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ten-minute ring: bounded, in order across the wrap, incremental reads, gaps marked unknown. */
class QualityHistoryTest {

    @Test
    void keepsTheLastTenMinutesInOrderAcrossTheWrap() {
        QualityHistory history = new QualityHistory();
        for (long tick = 0; tick < 1_000; tick++) {
            history.record(tick, tick, tick / 10f, 2 * tick, Float.NaN);
        }
        QualityHistory.Samples all = history.since(-1, 999);
        assertEquals(QualityHistory.SECONDS, all.size(), "never more than ten minutes");
        assertEquals(400, all.fromTick());
        for (int i = 0; i < all.size(); i++) {
            assertEquals(400 + i, all.lossPercent()[i]);
            assertEquals(2 * (400 + i), all.rttMillis()[i]);
            assertTrue(Float.isNaN(all.mos()[i]));
        }
    }

    @Test
    void readsOnlyWhatCameAfterAndUpToTheGivenTick() {
        QualityHistory history = new QualityHistory();
        assertNull(history.since(-1, 10), "nothing before the first sample");
        for (long tick = 5; tick < 15; tick++) {
            history.record(tick, tick, 0, 0, 0);
        }
        QualityHistory.Samples later = history.since(11, 13);
        assertEquals(12, later.fromTick());
        assertEquals(2, later.size());
        assertEquals(13, later.lossPercent()[1]);
        assertNull(history.since(14, 20), "nothing new");
        assertEquals(5, history.since(-1, 14).fromTick(), "from its first sample, not from tick 0");
    }

    @Test
    void secondsTheFeedMissedAreUnknownAndTimeOnlyMovesForward() {
        QualityHistory history = new QualityHistory();
        history.record(1, 1, 1, 1, 4.2f);
        history.record(4, 4, 4, 4, 4.1f);
        QualityHistory.Samples samples = history.since(-1, 4);
        assertEquals(4, samples.size());
        assertTrue(Float.isNaN(samples.lossPercent()[1]) && Float.isNaN(samples.jitterMillis()[2]));
        assertEquals(4.1f, samples.mos()[3]);
        assertThrows(IllegalArgumentException.class, () -> history.record(4, 0, 0, 0, 0));

        history.record(2_000, 7, 7, 7, 7); // a long stall: the ring holds the new sample and unknowns before it
        QualityHistory.Samples afterStall = history.since(-1, 2_000);
        assertEquals(QualityHistory.SECONDS, afterStall.size());
        assertTrue(Float.isNaN(afterStall.lossPercent()[0]));
        assertEquals(7, afterStall.lossPercent()[QualityHistory.SECONDS - 1]);
    }
}
