package org.parley.signaling.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.parley.media.transport.TransportQuality;
import org.parley.signaling.store.QualitySummary;

class QualityAccumulatorTest {

    private final QualityAccumulator accumulator = new QualityAccumulator();

    @Test
    void meansAndWorstOfTheKnownFiguresTheWorseDirectionEachTime() {
        accumulator.add(TransportQuality.UNKNOWN, Double.NaN); // before any report: not a sample
        accumulator.add(new TransportQuality(20, 1, 4, 3, 2), 4.3);   // loss 3 (outbound), jitter 4 (inbound)
        accumulator.add(new TransportQuality(60, 0, 10, -1, -1), 3.1); // only inbound known
        accumulator.add(new TransportQuality(-1, 9, 2, 0, 1), Double.NaN); // no RTT, no MOS

        QualitySummary summary = accumulator.summary();
        assertEquals(3, summary.samples());
        assertEquals(4.0, summary.meanLossPercent(), 1e-9);
        assertEquals(9.0, summary.worstLossPercent());
        assertEquals(16.0 / 3, summary.meanJitterMillis(), 1e-9);
        assertEquals(10.0, summary.worstJitterMillis());
        assertEquals(40.0, summary.meanRttMillis(), 1e-9);
        assertEquals(60.0, summary.worstRttMillis());
        assertEquals(3.7, summary.meanMos(), 1e-9);
        assertEquals(3.1, summary.minMos(), "the worst MOS is the lowest");
    }

    @Test
    void nothingKnownLeavesEveryFigureNull() {
        accumulator.add(TransportQuality.UNKNOWN, Double.NaN);
        assertEquals(QualitySummary.NONE, accumulator.summary());
        assertNull(accumulator.summary().meanMos());
    }
}
