package org.parley.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.parley.media.transport.TransportQuality;

/** The roster's grading of connection quality at and around its thresholds. */
class LinkGradeTest {

    private static LinkGrade grade(double rtt, double inboundLoss, double jitter, double outboundLoss) {
        return LinkGrade.of(new TransportQuality(rtt, inboundLoss, jitter, outboundLoss, -1));
    }

    @Test
    void nothingKnownIsUnknown() {
        assertEquals(LinkGrade.UNKNOWN, LinkGrade.of(TransportQuality.UNKNOWN));
        assertEquals("unknown", LinkGrade.UNKNOWN.wireName());
    }

    @Test
    void goodNeedsLowLossRoundTripAndJitter() {
        assertEquals(LinkGrade.GOOD, grade(12, 0, 3, -1));
        assertEquals(LinkGrade.GOOD, grade(-1, 1.9, 29, -1), "an unknown RTT does not count against the grade");
        assertEquals(LinkGrade.FAIR, grade(12, 2, 3, -1), "2 % is not under 2 %");
        assertEquals(LinkGrade.FAIR, grade(150, 0, 3, -1));
        assertEquals(LinkGrade.FAIR, grade(12, 0, 30, -1));
        assertEquals(LinkGrade.FAIR, grade(12, 0, 3, 5), "the worse direction counts");
    }

    @Test
    void poorIsMuchLossOrALongRoundTripOrMuchJitter() {
        assertEquals(LinkGrade.FAIR, grade(400, 10, 100, -1), "the poor thresholds are exclusive");
        assertEquals(LinkGrade.POOR, grade(12, 10.1, 3, -1));
        assertEquals(LinkGrade.POOR, grade(12, 0, 3, 25), "loss on the way to the participant");
        assertEquals(LinkGrade.POOR, grade(401, 0, 3, -1));
        assertEquals(LinkGrade.POOR, grade(12, 0, 101, -1));
        assertEquals("poor", LinkGrade.POOR.wireName());
    }
}
