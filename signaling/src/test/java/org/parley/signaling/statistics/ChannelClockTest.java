package org.parley.signaling.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelClockTest {

    private long now;
    private final ChannelClock clock = new ChannelClock(() -> now);

    private void advanceMillis(long millis) {
        now += millis * 1_000_000;
    }

    @Test
    void countsEachChannelWhileAMidForwardsIt() {
        clock.listen("1", "floor");
        advanceMillis(100);
        clock.listen("1", "fr"); // switch: floor stops counting
        clock.listen("2", "floor");
        advanceMillis(30);
        clock.stop("2");
        advanceMillis(20);
        clock.stop("7"); // nothing on mid 7: no effect

        assertEquals(Map.of("floor", 130L, "fr", 50L), clock.finish());
        advanceMillis(1000);
        assertEquals(Map.of(), clock.finish(), "finish starts from zero and nothing is forwarding");
    }

    @Test
    void stopAllKeepsTheTotals() {
        clock.listen("1", "es");
        advanceMillis(40);
        clock.stopAll();
        advanceMillis(500);

        assertEquals(Map.of("es", 40L), clock.finish());
    }

    @Test
    void twoMidsOnOneChannelCountOnceAndSwitchesAddUpToTheTimeHeard() {
        clock.listen("0", "floor");
        advanceMillis(100);
        clock.listen("1", "floor"); // a second m-line on the floor: still one floor
        advanceMillis(50);
        clock.listen("0", "fr"); // switch: mid 1 still plays the floor
        advanceMillis(25);
        clock.stop("1");
        advanceMillis(75);
        clock.listen("0", "ar");
        advanceMillis(10);

        assertEquals(Map.of("floor", 175L, "fr", 100L, "ar", 10L), clock.millisSoFar(), "counted up to now, nothing stopped");
        advanceMillis(5);
        Map<String, Long> total = clock.finish();
        assertEquals(Map.of("floor", 175L, "fr", 100L, "ar", 15L), total);
        assertEquals(290L, total.values().stream().mapToLong(Long::longValue).sum(),
                "the channels add up to the 290 ms something was heard");
    }
}
