package org.parley.signaling.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToneAnalyzerTest {

    private static final int RATE = 48_000;

    @ParameterizedTest
    @ValueSource(doubles = {1000, 600, 440.5, 997.3, 3150})
    void findsTheFrequencyOfOneSecondOfTone(double hz) {
        short[] tone = tone(RATE, hz, -12, 0.3);
        assertEquals(hz, ToneAnalyzer.dominantFrequency(tone, RATE), 0.5);
    }

    @Test
    void findsTheLouderOfTwoTonesAndTheirRelativeLevel() {
        short[] mix = add(tone(RATE, 600, -12, 0), tone(RATE, 1000, -24, 1.1));
        assertEquals(600, ToneAnalyzer.dominantFrequency(mix, RATE), 0.5);
        assertEquals(-12, ToneAnalyzer.levelAtDb(mix, RATE, 600), 0.2);
        assertEquals(-24, ToneAnalyzer.levelAtDb(mix, RATE, 1000), 0.2);
        assertTrue(ToneAnalyzer.levelAtDb(mix, RATE, 800) < -60, "nothing between the tones");
    }

    @Test
    void toleratesNoiseAndShortWindows() {
        short[] noisy = add(tone(RATE / 10, 1000, -12, 0), noise(RATE / 10, -50));
        assertEquals(1000, ToneAnalyzer.dominantFrequency(noisy, RATE), 2);
    }

    @Test
    void measuresRmsOfASine() {
        // A sine's RMS is its peak over the square root of two: 3.01 dB under its peak.
        assertEquals(-15.01, ToneAnalyzer.rmsDbfs(tone(RATE, 1000, -12, 0)), 0.02);
        assertEquals(-200, ToneAnalyzer.rmsDbfs(new short[RATE]));
        assertEquals(-200, ToneAnalyzer.rmsDbfs(new short[0]));
    }

    @Test
    void detectsAnInsertedFortyMillisecondGap() {
        short[] tone = tone(RATE, 1000, -12, 0);
        int start = RATE / 2;
        int length = RATE * 40 / 1000;
        for (int i = start; i < start + length; i++) {
            tone[i] = 0;
        }
        assertEquals(40, ToneAnalyzer.longestGapMillis(tone, RATE, -50), 2.1);
        assertTrue(ToneAnalyzer.hasGapLongerThan(tone, RATE, 30, -50));
        assertFalse(ToneAnalyzer.hasGapLongerThan(tone, RATE, 45, -50));
    }

    @Test
    void aContinuousToneOrQuietNoiseHasNoGap() {
        assertFalse(ToneAnalyzer.hasGapLongerThan(tone(RATE, 600, -12, 0), RATE, 4, -50));
        // Noise above the silence threshold (as a codec's comfort noise could be) is not a gap either.
        assertFalse(ToneAnalyzer.hasGapLongerThan(noise(RATE, -40), RATE, 4, -50));
        assertTrue(ToneAnalyzer.hasGapLongerThan(noise(RATE, -70), RATE, 500, -50));
    }

    @Test
    void rejectsTooFewSamples() {
        assertThrows(IllegalArgumentException.class, () -> ToneAnalyzer.dominantFrequency(new short[10], RATE));
    }

    private static short[] tone(int length, double hz, double peakDbfs, double phase) {
        double amplitude = 32768 * Math.pow(10, peakDbfs / 20);
        short[] samples = new short[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / RATE + phase));
        }
        return samples;
    }

    /** Uniform white noise whose RMS is {@code rmsDbfs}; seeded, so every run sees the same samples. */
    private static short[] noise(int length, double rmsDbfs) {
        double peak = 32768 * Math.pow(10, rmsDbfs / 20) * Math.sqrt(3);
        Random random = new Random(42);
        short[] samples = new short[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (short) Math.round(peak * (2 * random.nextDouble() - 1));
        }
        return samples;
    }

    private static short[] add(short[] a, short[] b) {
        short[] sum = new short[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = (short) (a[i] + b[i]);
        }
        return sum;
    }
}
