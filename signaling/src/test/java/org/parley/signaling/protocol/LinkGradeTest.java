package org.parley.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.parley.media.quality.EModel;
import org.parley.media.quality.QualityScore;

/** The roster's grading of the quality score at and around its thresholds. */
class LinkGradeTest {

    private static LinkGrade grade(double rttMillis, double jitterMillis, double lossPercent) {
        return LinkGrade.of(QualityScore.ofRating(
                EModel.rating(EModel.mouthToEarMillis(rttMillis, jitterMillis), lossPercent)));
    }

    @Test
    void nothingKnownIsUnknown() {
        assertEquals(LinkGrade.UNKNOWN, LinkGrade.of(QualityScore.UNKNOWN));
        assertEquals("unknown", LinkGrade.UNKNOWN.wireName());
    }

    @Test
    void theBandsOfTheMos() {
        assertEquals(LinkGrade.GOOD, LinkGrade.of(new QualityScore(80, 4.02)), "4.0 is good");
        assertEquals(LinkGrade.GOOD, LinkGrade.of(new QualityScore(79.2, 3.96)), "shown as 4.0: good");
        assertEquals(LinkGrade.FAIR, LinkGrade.of(new QualityScore(78.8, 3.94)), "shown as 3.9");
        assertEquals(LinkGrade.FAIR, LinkGrade.of(new QualityScore(60, 3.1)), "3.1 is fair");
        assertEquals(LinkGrade.FAIR, LinkGrade.of(new QualityScore(59.9, 3.09)), "shown as 3.1");
        assertEquals(LinkGrade.POOR, LinkGrade.of(new QualityScore(58.7, 3.04)), "shown as 3.0");
        assertEquals("good", LinkGrade.GOOD.wireName());
        assertEquals("poor", LinkGrade.POOR.wireName());
    }

    @Test
    void whatLinksTheBandsMeanForLossAndDelay() {
        assertEquals(LinkGrade.GOOD, grade(20, 3, 0));
        assertEquals(LinkGrade.GOOD, grade(20, 3, 3));
        assertEquals(LinkGrade.FAIR, grade(20, 3, 5));
        assertEquals(LinkGrade.FAIR, grade(20, 3, 10));
        assertEquals(LinkGrade.POOR, grade(20, 3, 15));
        assertEquals(LinkGrade.GOOD, grade(400, 3, 0), "a long round trip alone: MOS 3.96, shown as 4.0");
        assertEquals(LinkGrade.FAIR, grade(450, 3, 0));
        assertEquals(LinkGrade.POOR, grade(700, 20, 0));
    }
}
