package org.parley.media.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.parley.media.rtcp.ReceiverReport;
import org.parley.media.rtcp.ReceptionReport;
import org.parley.media.rtp.ReceiveStatistics;

class StreamLossTest {

    private static final long SECOND = 1_000_000_000L;
    private static final int CLOCK = 48_000;

    /**
     * Real reception statistics of a stream that talks (a packet every 20 ms) then goes into DTX (one every
     * 400 ms): the silence takes no sequence numbers, so nothing of it is loss.
     */
    @Test
    void dtxSilenceIsNotLoss() {
        ReceiveStatistics statistics = new ReceiveStatistics(1234);
        StreamLoss loss = new StreamLoss();
        int seq = 1000;
        long rtp = 0;
        long now = 0;
        for (int i = 0; i < 50; i++, seq++, rtp += 960, now += 20_000_000L) {
            statistics.update(seq, rtp, now, CLOCK, 80);
        }
        report(statistics, loss, now);
        assertEquals(50, loss.sent());
        assertEquals(0, loss.lost());
        for (int second = 0; second < 3; second++) {
            for (int i = 0; i < 3; i++, seq++, rtp += 400 * 48, now += 400_000_000L) {
                statistics.update(seq, rtp, now, CLOCK, 3);
            }
            report(statistics, loss, now);
            assertEquals(3, loss.sent(), "DTX: three packets in 1.2 s");
            assertEquals(0, loss.lost(), "1.2 s of mostly silence is no loss");
        }
    }

    /** A comfort-noise packet lost in DTX is one in three: it counts for next to nothing. */
    @Test
    void lossAtALowPacketRateWeighsItsRateSquared() {
        StreamLoss loss = new StreamLoss();
        long now = 0;
        loss.onInterval(50, 50, now += SECOND); // first: no start time, sets no peak
        loss.onInterval(50, 50, now += SECOND); // the peak: 50/s
        assertEquals(1, loss.weight(), 1e-9);
        loss.onInterval(45, 40, now += SECOND); // 90 % of the peak counts fully
        assertEquals(5, loss.lost());
        assertEquals(1, loss.weight(), 1e-9);
        loss.onInterval(3, 2, now += SECOND);
        assertEquals(1, loss.lost());
        double share = 3 / (StreamLoss.FULL_RATE_SHARE * 50);
        assertEquals(share * share, loss.weight(), 1e-9);
        assertTrue(loss.weightedLost() < 0.01, "weighted " + loss.weightedLost());
    }

    @Test
    void duplicatesNeverMakeNegativeLoss() {
        StreamLoss loss = new StreamLoss();
        loss.onInterval(10, 12, SECOND);
        assertEquals(0, loss.lost());
        loss.onInterval(-3, 0, 2 * SECOND);
        assertEquals(0, loss.sent());
    }

    /** The first report block covers the stream from its start: taken by its fraction lost. */
    @Test
    void theFirstReceptionReportIsTakenByItsFractionLost() {
        StreamLoss loss = new StreamLoss();
        loss.onReceptionReport(200, 70_199, 20, 25, 5 * SECOND); // 25/256 ≈ 9.8 %
        assertEquals(200, loss.sent());
        assertEquals(20, loss.lost());
        assertEquals(1, loss.weight(), 1e-9);
    }

    /**
     * What the publisher's uplink lost never reached us: we forward its sequence numbers with the gap, the
     * receiver counts the gap as lost, but we did not send those packets, so this link lost nothing.
     */
    @Test
    void upstreamGapsAreNotThisLinksLoss() {
        StreamLoss loss = new StreamLoss();
        loss.onReceptionReport(250, 10_249, 0, 0, 5 * SECOND);
        // 250 more sequence numbers, 10 of them gaps we forwarded: 240 sent, all received.
        loss.onReceptionReport(490, 10_499, 10, 10, 10 * SECOND);
        assertEquals(240, loss.sent());
        assertEquals(0, loss.lost());
        // Then 240 sent, 24 of them lost on this link.
        loss.onReceptionReport(730, 10_739, 34, 25, 15 * SECOND);
        assertEquals(240, loss.sent());
        assertEquals(24, loss.lost());
    }

    /** Packets in flight at a report seem lost in one interval and come back, as a credit, in the next. */
    @Test
    void packetsInFlightAtAReportAreCreditedBack() {
        StreamLoss loss = new StreamLoss();
        loss.onReceptionReport(250, 10_249, 0, 0, 5 * SECOND);
        loss.onReceptionReport(500, 10_489, 0, 0, 10 * SECOND); // 10 in flight when the receiver wrote it
        assertEquals(10, loss.lost());
        loss.onReceptionReport(750, 10_749, 0, 0, 15 * SECOND); // they arrived: 260 received of 250 sent
        assertEquals(0, loss.lost());
        loss.onReceptionReport(1000, 10_989, 0, 0, 20 * SECOND); // 240 received of 250: the 10 credited
        assertEquals(0, loss.lost());
        loss.onReceptionReport(1250, 11_229, 0, 0, 25 * SECOND); // credit used up: a real shortfall
        assertEquals(10, loss.lost());
    }

    @Test
    void aReceiverThatRestartsItsCountsGivesANewBaseline() {
        StreamLoss loss = new StreamLoss();
        loss.onReceptionReport(250, 10_249, 0, 0, 5 * SECOND);
        loss.onReceptionReport(500, 100, 0, 0, 10 * SECOND);
        assertEquals(0, loss.sent(), "no interval");
        loss.onReceptionReport(750, 345, 5, 5, 15 * SECOND);
        assertEquals(250, loss.sent());
        assertEquals(10, loss.lost());
    }

    private static void report(ReceiveStatistics statistics, StreamLoss loss, long now) {
        loss.onInterval(statistics.expectedSinceReport(), statistics.receivedSinceReport(), now);
        ByteBuf out = Unpooled.buffer(64);
        ReceiverReport.write(out, 1);
        assertEquals(ReceptionReport.LENGTH, statistics.writeReportBlock(out, 0, now), "a new interval starts");
    }
}
