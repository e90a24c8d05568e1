package org.parley.signaling.sip.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.signaling.peer.ToneAnalyzer;

/** The 8 kHz ↔ 48 kHz converters: tones keep frequency and level, and nothing above 4 kHz gets through. */
class ResamplerTest {

    private static final int SECOND_8K = 8000;
    private static final int SECOND_48K = 48_000;

    @Test
    void aThousandHertzToneSurvivesUpAndDownAgain() {
        short[] tone8k = tone(1000, 8000, SECOND_8K, 0.5);
        short[] up = up(tone8k);
        short[] settledUp = Arrays.copyOfRange(up, 4800, SECOND_48K);
        assertEquals(1000, ToneAnalyzer.dominantFrequency(settledUp, 48_000), 5);
        assertEquals(ToneAnalyzer.rmsDbfs(Arrays.copyOfRange(tone8k, 800, SECOND_8K)),
                ToneAnalyzer.rmsDbfs(settledUp), 0.1, "same level at 48 kHz");

        short[] settledDown = Arrays.copyOfRange(down(up), 800, SECOND_8K);
        assertEquals(1000, ToneAnalyzer.dominantFrequency(settledDown, 8000), 5);
        assertEquals(20 * Math.log10(0.5) - 3.01, ToneAnalyzer.rmsDbfs(settledDown), 0.1, "same level after the round trip");
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {4000, 4500, 6000, 9000, 15_000, 23_000})
    void contentAboveFourKilohertzIsAttenuatedAtLeastFortyDecibels(int hz) {
        short[] tone48k = tone(hz, 48_000, SECOND_48K, 0.9);
        short[] settled = Arrays.copyOfRange(down(tone48k), 800, SECOND_8K);
        double in = 20 * Math.log10(0.9) - 3.01;
        double out = ToneAnalyzer.rmsDbfs(settled);
        assertTrue(out <= in - 40, hz + " Hz: " + in + " dBFS in, " + out + " dBFS out");
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {300, 1000, 2000, 3000, 3400})
    void passbandIsFlat(int hz) {
        short[] tone48k = tone(hz, 48_000, SECOND_48K, 0.5);
        double out = ToneAnalyzer.rmsDbfs(Arrays.copyOfRange(down(tone48k), 800, SECOND_8K));
        assertEquals(20 * Math.log10(0.5) - 3.01, out, 0.05, hz + " Hz");
    }

    @Test
    void imagesOfAnEightKilohertzSignalStayOutOfTheMix() {
        // A 3 kHz tone at 8 kHz, stuffed to 48 kHz, has images at 5, 11, 13 ... kHz: the filter removes them.
        short[] settled = Arrays.copyOfRange(up(tone(3000, 8000, SECOND_8K, 0.5)), 4800, SECOND_48K);
        double tone = ToneAnalyzer.levelAtDb(settled, 48_000, 3000);
        for (int image : new int[] {5000, 11_000, 13_000}) {
            double level = ToneAnalyzer.levelAtDb(settled, 48_000, image);
            assertTrue(level <= tone - 40, image + " Hz image at " + level + " dB, the tone at " + tone);
        }
    }

    /** A second at 8 kHz to 48 kHz, in 20 ms packets. */
    private static short[] up(short[] second8k) {
        short[] up = new short[SECOND_48K];
        Interpolator interpolator = new Interpolator();
        int written = 0;
        for (int off = 0; off < second8k.length; off += 160) {
            written += interpolator.process(second8k, off, 160, up, written);
        }
        assertEquals(SECOND_48K, written);
        return up;
    }

    /** A second at 48 kHz to 8 kHz, in 20 ms frames. */
    private static short[] down(short[] second48k) {
        short[] down = new short[SECOND_8K + 1];
        Decimator decimator = new Decimator();
        int produced = 0;
        for (int off = 0; off < second48k.length; off += 960) {
            produced += decimator.process(second48k, off, 960, down, produced);
        }
        assertEquals(SECOND_8K, produced, "six to one, whatever the framing");
        return down;
    }

    static short[] tone(double hz, int sampleRate, int samples, double amplitude) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        return out;
    }
}
