package org.parley.mixer.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LimiterTest {

    private static final float CEILING = Decibels.toGain(-1f);

    @Test
    void sixDecibelOverloadStaysBelowTheCeiling() {
        Limiter limiter = new Limiter(-1f, 48_000);
        Tone overload = new Tone(440, 1.0, 960);
        float peak = 0;
        for (int frame = 0; frame < 50; frame++) {
            float[] samples = overload.nextFloats();
            for (int i = 0; i < samples.length; i++) {
                samples[i] *= 2f; // +6 dB over full scale
            }
            limiter.process(samples, samples.length);
            for (float s : samples) {
                peak = Math.max(peak, Math.abs(s));
            }
        }
        assertTrue(peak <= CEILING + 1e-6f, "peak " + peak);
        assertTrue(peak > CEILING * 0.95f, "the limiter only reduces what exceeds the ceiling: " + peak);
        assertTrue(limiter.gainReductionDb() < -5f, "about 7 dB of reduction: " + limiter.gainReductionDb());
    }

    @Test
    void signalBelowTheCeilingPassesUntouched() {
        Limiter limiter = new Limiter(-1f, 48_000);
        float[] samples = new Tone(1000, 0.5, 960).nextFloats();
        float[] copy = samples.clone();
        limiter.process(samples, samples.length);
        for (int i = 0; i < samples.length; i++) {
            assertEquals(copy[i], samples[i]);
        }
    }

    @Test
    void limitedSignalKeepsItsTone() {
        Limiter limiter = new Limiter(-1f, 48_000);
        Tone tone = new Tone(1000, 1.0, 4800);
        tone.next();
        float[] samples = tone.nextFloats();
        for (int i = 0; i < samples.length; i++) {
            samples[i] *= 2f;
        }
        limiter.process(samples, samples.length);
        double fundamental = Goertzel.amplitude(samples, 2400, 2400, 1000, 48_000);
        double thirdHarmonic = Goertzel.amplitude(samples, 2400, 2400, 3000, 48_000);
        assertTrue(Goertzel.db(thirdHarmonic, fundamental) < -40, "slow release: little distortion once settled");
    }
}
