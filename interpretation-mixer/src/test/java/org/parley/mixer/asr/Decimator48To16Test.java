package org.parley.mixer.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.parley.mixer.measure.Fft;

class Decimator48To16Test {

    private static final int N = 4096; // output samples analysed: 3.90625 Hz bins at 16 kHz
    private static final double AMPLITUDE = 10_000;

    /** Level of a 48 kHz tone at {@code hz} after decimation, in dB relative to its input level. */
    private static double gainDb(double hz, int chunk) {
        Decimator48To16 decimator = new Decimator48To16();
        int warmup = 3 * 256; // past the filter's memory
        int inputs = warmup + 3 * N;
        short[] in = new short[inputs];
        for (int i = 0; i < inputs; i++) {
            in[i] = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * hz * i / 48_000));
        }
        short[] out = new short[Decimator48To16.outputFor(inputs)];
        int written = 0;
        for (int offset = 0; offset < inputs; offset += chunk) {
            int n = Math.min(chunk, inputs - offset);
            written += decimator.process(in, offset, n, out, written);
        }
        assertEquals(inputs / 3, written);
        double[] re = new double[N];
        double[] im = new double[N];
        for (int i = 0; i < N; i++) {
            re[i] = out[written - N + i];
        }
        Fft.transform(re, im);
        // Every tone here falls on a bin, before or after folding about 8 kHz: no window needed.
        double folded = hz % 16_000 <= 8_000 ? hz % 16_000 : 16_000 - hz % 16_000;
        int bin = (int) Math.round(folded * N / 16_000);
        double magnitude = Math.hypot(re[bin], im[bin]) / (N / 2.0);
        return 20 * Math.log10(Math.max(magnitude, 1e-3) / AMPLITUDE);
    }

    @Test
    void passesSpeechFlat() {
        for (double hz : new double[] {125, 1_000, 3_000, 5_000, 6_000}) {
            double gain = gainDb(hz, 960);
            assertTrue(Math.abs(gain) < 0.1, hz + " Hz: " + gain + " dB");
        }
    }

    @Test
    void stopsWhatWouldAliasIntoTheModelsBand() {
        for (double hz : new double[] {10_000, 12_000, 15_000, 18_000, 20_000, 23_000}) {
            double gain = gainDb(hz, 960);
            assertTrue(gain < -60, hz + " Hz: " + gain + " dB");
        }
    }

    @Test
    void chunkSizeDoesNotMatter() {
        // 7 and 1 leave the 3-phase in every position between calls.
        for (int chunk : new int[] {1, 7, 480, 961}) {
            assertEquals(gainDb(1_000, 960), gainDb(1_000, chunk), 1e-9, "chunk " + chunk);
            assertEquals(gainDb(12_000, 960), gainDb(12_000, chunk), 1e-9, "chunk " + chunk);
        }
    }

    @Test
    void fullScaleSaturatesInsteadOfWrapping() {
        Decimator48To16 decimator = new Decimator48To16();
        short[] in = new short[4800];
        for (int i = 0; i < in.length; i++) {
            in[i] = (i / 24) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE; // 1 kHz square: Gibbs overshoot
        }
        short[] out = new short[1600];
        decimator.process(in, 0, in.length, out, 0);
        int max = 0;
        for (int i = 100; i < out.length; i++) {
            max = Math.max(max, Math.abs(out[i]));
            assertTrue(out[i] != 0 || i % 8 != 0, "wrapped at " + i);
        }
        assertTrue(max >= Short.MAX_VALUE, "max " + max);
    }
}
