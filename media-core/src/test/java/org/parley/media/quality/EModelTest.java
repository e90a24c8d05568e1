package org.parley.media.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The E-model against G.107's own reference points and the figures the README quotes. */
class EModelTest {

    @Test
    void mosFollowsAnnexB() {
        assertEquals(1.0, EModel.mos(0), 1e-9);
        assertEquals(1.0, EModel.mos(-5), 1e-9);
        assertEquals(1.0, EModel.mos(3), 1e-9, "the cubic dips under 1 below R = 6.5; held at 1");
        assertEquals(3.10, EModel.mos(60), 0.005, "G.107 B-4 at R = 60");
        assertEquals(3.60, EModel.mos(70), 0.005);
        assertEquals(4.02, EModel.mos(80), 0.005);
        assertEquals(4.41, EModel.mos(EModel.DEFAULT_RATING), 0.005, "the default R of 93.2");
        assertEquals(4.5, EModel.mos(100), 1e-9);
        assertEquals(4.5, EModel.mos(120), 1e-9);
        for (double r = 6.5; r < 100; r += 0.5) {
            assertTrue(EModel.mos(r + 0.5) > EModel.mos(r), "monotonic at R = " + r);
        }
    }

    @Test
    void delayCostsLittleBelowTheKneeAndMuchAbove() {
        assertEquals(0, EModel.delayImpairment(0), 1e-9);
        assertEquals(2.4, EModel.delayImpairment(100), 1e-9);
        assertEquals(0.024 * 177.3, EModel.delayImpairment(177.3), 1e-9);
        assertEquals(0.024 * 300 + 0.11 * (300 - 177.3), EModel.delayImpairment(300), 1e-9);
        assertEquals(0, EModel.delayImpairment(-1), 1e-9);
    }

    @Test
    void lossFollowsEquation7dash29() {
        assertEquals(0, EModel.lossImpairment(0), 1e-9);
        assertEquals(95 / 2.0, EModel.lossImpairment(EModel.PACKET_LOSS_ROBUSTNESS), 1e-9, "half of 95 at Ppl = Bpl");
        assertEquals(95 * 100 / 125.1, EModel.lossImpairment(100), 1e-9);
        assertEquals(95 * 100 / 125.1, EModel.lossImpairment(250), 1e-9, "clamped to 100 %");
    }

    @Test
    void mouthToEarDelayIsHalfTheRoundTripTwiceTheJitterAndTheCodec() {
        assertEquals(10 + 6 + 46.5, EModel.mouthToEarMillis(20, 3), 1e-9);
        assertEquals(46.5, EModel.mouthToEarMillis(-1, -1), 1e-9, "unknown figures count as 0");
    }

    /** The brief's first reference point: a clean link with a 20 ms round trip. */
    @Test
    void noLossAndA20MillisecondRoundTripIsMos42OrMore() {
        double r = EModel.rating(EModel.mouthToEarMillis(20, 2), 0);
        assertTrue(EModel.mos(r) >= 4.2, "MOS " + EModel.mos(r) + " at R " + r);
        assertTrue(EModel.mos(r) <= 4.41, "no better than G.107's defaults");
    }

    /**
     * 10 % random loss is well below: with G.711-with-concealment robustness it costs Ie,eff = 27, R ≈ 65,
     * G.109's "many users dissatisfied" band (60..70), so MOS 3.6 (R = 70) is an upper bound with room.
     */
    @Test
    void tenPercentLossIsWellBelow() {
        double r = EModel.rating(EModel.mouthToEarMillis(20, 2), 10);
        assertTrue(r > 60 && r < 70, "R " + r);
        assertTrue(EModel.mos(r) <= 3.6, "MOS " + EModel.mos(r));
        double r2 = EModel.rating(EModel.mouthToEarMillis(20, 2), 2);
        assertTrue(EModel.mos(r2) >= 4.0, "2 % loss is still good: MOS " + EModel.mos(r2));
    }

    @Test
    void aLongRoundTripAloneIsFairNotGood() {
        double r = EModel.rating(EModel.mouthToEarMillis(400, 5), 0);
        assertTrue(r > 70 && r < 80, "R " + r + " at 400 ms round trip");
    }
}
