package org.parley.signaling.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The tone source's clock: every frame due goes out however late the wake-up, up to the cap. */
class FramePacerTest {

    private static final long START = 1_000_000_000L;
    private static final long FRAME = 10_000_000L;
    private static final long MILLI = 1_000_000L;

    private final FramePacer pacer = new FramePacer(START, FRAME, 20);

    @Test
    void wakeUpsOnTimeEmitOneFrameEach() {
        for (int k = 0; k < 100; k++) {
            assertEquals(START + k * FRAME, pacer.nextDueNanos());
            assertEquals(1, pacer.due(START + k * FRAME), "frame " + k);
            assertEquals(0, pacer.due(START + k * FRAME + 3 * MILLI), "nothing more until the next is due");
        }
        assertEquals(0, pacer.skipped());
        assertEquals(0, pacer.longestLatenessNanos());
    }

    @Test
    void aLateWakeUpEmitsEveryFrameDueSinceTheLastAndTheClockDoesNotDrift() {
        assertEquals(1, pacer.due(START));
        // Due at 10, 20, 30 and 40 ms; the thread wakes at 45 ms.
        assertEquals(4, pacer.due(START + 45 * MILLI));
        assertEquals(35 * MILLI, pacer.longestLatenessNanos(), "frame 1 waited from 10 to 45 ms");
        assertEquals(START + 50 * MILLI, pacer.nextDueNanos(), "back on the original grid");
        assertEquals(1, pacer.due(START + 50 * MILLI));
        assertEquals(0, pacer.skipped());
    }

    @Test
    void aStopLongerThanTheCapEmitsOnlyTheCapAndSkipsTheRest() {
        assertEquals(1, pacer.due(START));
        // 5 s without a wake-up: 500 frames due, 20 emitted.
        assertEquals(20, pacer.due(START + 5000 * MILLI));
        assertEquals(480, pacer.skipped());
        assertEquals(START + 5010 * MILLI, pacer.nextDueNanos());
        assertEquals(1, pacer.due(START + 5010 * MILLI), "then on the grid again");
    }

    @Test
    void aWakeUpBeforeTheStartEmitsNothing() {
        assertEquals(0, pacer.due(START - MILLI));
        assertEquals(1, pacer.due(START));
    }

    @Test
    void aFrameAndACapMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new FramePacer(START, 0, 20));
        assertThrows(IllegalArgumentException.class, () -> new FramePacer(START, FRAME, 0));
    }
}
