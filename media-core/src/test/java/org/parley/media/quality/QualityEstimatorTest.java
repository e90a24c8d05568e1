package org.parley.media.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class QualityEstimatorTest {

    private static final long SECOND = 1_000_000_000L;
    /** 50 packets a second: 20 ms Opus. */
    private static final int RATE = 50;

    private final QualityEstimator estimator = new QualityEstimator();
    private final StreamLoss inboundStream = new StreamLoss();
    private long now = 1000 * SECOND;

    /** One second of the participant's stream as we receive it. */
    private void inboundSecond(long sent, long lost, double jitterMillis) {
        now += SECOND;
        inboundStream.onInterval(sent, sent - lost, now);
        estimator.onInboundInterval(inboundStream.sent(), inboundStream.weightedLost(), jitterMillis, now);
    }

    @Test
    void unknownUntilAnIntervalWithPackets() {
        assertFalse(estimator.score(now).isKnown());
        estimator.onRoundTripTime(20);
        assertFalse(estimator.score(now).isKnown(), "an RTT alone rates nothing");
        estimator.onInboundInterval(0, 0, 2, now);
        assertFalse(estimator.score(now).isKnown(), "nor does an interval without packets");
        assertEquals(-1, estimator.score(now).roundedR());
        assertEquals(-1, estimator.score(now).roundedMos(), 1e-9);
    }

    /** Reference point: no loss, 20 ms round trip, a little jitter. */
    @Test
    void aCleanLinkWithA20MillisecondRoundTripScoresMos42OrMore() {
        estimator.onRoundTripTime(20);
        for (int i = 0; i < 10; i++) {
            inboundSecond(RATE, 0, 2);
        }
        QualityScore score = estimator.score(now);
        assertTrue(score.mos() >= 4.2, score.toString());
        assertEquals(92, score.roundedR(), score.toString());
        assertEquals(4.4, score.roundedMos(), 1e-9);
    }

    /** Reference point: 10 % loss at the full packet rate, see {@code EModelTest#tenPercentLossIsWellBelow}. */
    @Test
    void tenPercentLossScoresWellBelow() {
        estimator.onRoundTripTime(20);
        for (int i = 0; i < 20; i++) {
            inboundSecond(RATE, RATE / 10, 2);
        }
        QualityScore score = estimator.score(now);
        assertTrue(score.mos() <= 3.6, score.toString());
        assertTrue(score.mos() >= 3.0, "but not worthless: " + score);
    }

    /** 10 % of DTX's comfort-noise packets lost (one of 3 every few seconds) leaves a clean link clean. */
    @Test
    void lossDuringDtxSilenceBarelyCounts() {
        estimator.onRoundTripTime(20);
        for (int i = 0; i < 5; i++) {
            inboundSecond(RATE, 0, 2); // talking: sets the peak rate
        }
        for (int i = 0; i < 30; i++) {
            inboundSecond(3, i % 3 == 0 ? 1 : 0, 2); // silence: a third of them lose a packet of three
        }
        assertTrue(estimator.score(now).mos() >= 4.2, estimator.score(now).toString());
    }

    /** Fast to drop: τ = 3 s. Slow to recover: τ = 10 s. */
    @Test
    void dropsFastAndRecoversSlowly() {
        estimator.onRoundTripTime(20);
        for (int i = 0; i < 10; i++) {
            inboundSecond(RATE, 0, 2);
        }
        double good = estimator.inboundRating(now);
        double bad = EModel.rating(EModel.mouthToEarMillis(20, 2), 20);
        for (int i = 0; i < 3; i++) {
            inboundSecond(RATE, RATE / 5, 2); // 20 % loss
        }
        double afterDrop = estimator.inboundRating(now);
        double dropped = (good - afterDrop) / (good - bad);
        assertEquals(1 - Math.exp(-3.0 / QualityEstimator.DROP_SECONDS), dropped, 1e-6, "3 s into the drop");
        for (int i = 0; i < 30; i++) {
            inboundSecond(RATE, RATE / 5, 2);
        }
        double low = estimator.inboundRating(now);
        assertEquals(bad, low, 0.01, "settled at the lossy level");
        for (int i = 0; i < 3; i++) {
            inboundSecond(RATE, 0, 2);
        }
        double recovered = (estimator.inboundRating(now) - low) / (good - low);
        assertEquals(1 - Math.exp(-3.0 / QualityEstimator.RECOVERY_SECONDS), recovered, 1e-6, "3 s into the recovery");
        assertTrue(recovered < dropped / 2, "recovers much more slowly than it dropped");
    }

    /** The outbound direction reports every ~5 s: the same time constant makes one report do most of a drop. */
    @Test
    void oneLossyOutboundReportDoesMostOfTheDrop() {
        estimator.onRoundTripTime(20);
        estimator.onOutboundInterval(250, 0, 3, now += 5 * SECOND);
        double good = estimator.outboundRating(now);
        estimator.onOutboundInterval(250, 38, 3, now += 5 * SECOND); // 15 %
        double bad = EModel.rating(EModel.mouthToEarMillis(20, 3), 15.2);
        double dropped = (good - estimator.outboundRating(now)) / (good - bad);
        assertTrue(dropped > 0.8, "dropped " + dropped);
        assertTrue(estimator.score(now).mos() < 3.6, estimator.score(now).toString());
    }

    @Test
    void theWorseDirectionCountsAndAStaleOneNoLonger() {
        estimator.onRoundTripTime(20);
        inboundSecond(RATE, 0, 2);
        estimator.onOutboundInterval(250, 50, 3, now); // 20 % lost on the way to the participant
        QualityScore both = estimator.score(now);
        assertEquals(estimator.outboundRating(now), both.r(), 1e-9);
        assertTrue(estimator.inboundRating(now) > both.r());
        for (int i = 0; i < QualityEstimator.STALE_SECONDS + 1; i++) {
            inboundSecond(RATE, 0, 2); // the participant stopped reporting on our streams
        }
        assertEquals(-1, estimator.outboundRating(now), 1e-9);
        assertEquals(estimator.inboundRating(now), estimator.score(now).r(), 1e-9);
        now += (QualityEstimator.STALE_SECONDS + 1) * SECOND;
        assertFalse(estimator.score(now).isKnown(), "nothing heard for a while: unknown again");
    }

    @Test
    void theRoundTripCounts() {
        estimator.onRoundTripTime(600);
        inboundSecond(RATE, 0, 2);
        assertTrue(estimator.score(now).mos() < 4.0, estimator.score(now).toString());
    }

    /** Per interval nothing is allocated: the RTCP path runs on the media event loop. */
    @Test
    void intervalsAllocateNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof ThreadMXBean, "HotSpot allocation counter");
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        StreamLoss outboundStream = new StreamLoss();
        runIntervals(outboundStream, 2000); // warm up
        long before = threads.getCurrentThreadAllocatedBytes();
        long baseline = threads.getCurrentThreadAllocatedBytes() - before;
        before = threads.getCurrentThreadAllocatedBytes();
        runIntervals(outboundStream, 2000);
        assertEquals(0, threads.getCurrentThreadAllocatedBytes() - before - baseline, "bytes allocated");
    }

    private void runIntervals(StreamLoss outboundStream, int count) {
        for (int i = 0; i < count; i++) {
            now += SECOND;
            estimator.onRoundTripTime(20 + i % 7);
            inboundStream.onInterval(RATE, RATE - i % 3, now);
            estimator.onInboundInterval(inboundStream.sent(), inboundStream.weightedLost(), 2, now);
            outboundStream.onReceptionReport(250L * i, 250L * i - i, i, 3, now);
            estimator.onOutboundInterval(outboundStream.sent(), outboundStream.weightedLost(), 3, now);
        }
    }
}
