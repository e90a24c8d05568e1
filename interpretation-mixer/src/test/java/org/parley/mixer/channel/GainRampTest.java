package org.parley.mixer.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GainRampTest {

    @Test
    void opposedRampsFormAnEqualPowerCrossfade() {
        GainRamp out = new GainRamp(240, true);
        GainRamp in = new GainRamp(240, false);
        out.close();
        in.open();
        for (int i = 0; i < 300; i++) {
            float a = out.next();
            float b = in.next();
            assertEquals(1.0, a * a + b * b, 1e-5, "power at sample " + i);
            assertFalse(a > 0.99f && b > 0.99f, "both at full level at sample " + i);
        }
        assertTrue(out.isClosed());
        assertTrue(in.isFullyOpen());
    }

    @Test
    void reachesTargetInRampLengthAndReversesAlongTheSameCurve() {
        GainRamp ramp = new GainRamp(100, false);
        ramp.open();
        float previous = 0;
        for (int i = 0; i < 100; i++) {
            float g = ramp.next();
            assertTrue(g > previous, "monotonic rise");
            assertTrue(g - previous < 0.02f, "no step larger than the curve's steepest");
            previous = g;
        }
        assertEquals(1f, ramp.gain());
        for (int i = 0; i < 30; i++) {
            ramp.next();
        }
        ramp.close();
        for (int i = 0; i < 40; i++) {
            ramp.next();
        }
        assertEquals((float) Math.sin(0.5 * Math.PI * 60 / 100), ramp.gain(), 1e-6);
    }

    @Test
    void closedRampSkipsMixingAndOpenRampAddsUnchanged() {
        float[] src = {0.5f, -0.25f};
        float[] dst = {0.1f, 0.1f};
        new GainRamp(10, false).mixInto(src, dst, 2);
        assertEquals(0.1f, dst[0]);
        new GainRamp(10, true).mixInto(src, dst, 2);
        assertEquals(0.6f, dst[0], 1e-6);
        assertEquals(-0.15f, dst[1], 1e-6);
    }
}
