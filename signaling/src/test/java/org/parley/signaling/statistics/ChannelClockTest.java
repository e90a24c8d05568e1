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
}
