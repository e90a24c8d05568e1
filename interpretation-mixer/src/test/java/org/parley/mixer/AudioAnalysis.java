package org.parley.mixer;

import java.util.Random;

/** Test signals and the measurements the codec tests assert on. */
public final class AudioAnalysis {

    private AudioAnalysis() {
    }

    /** Mono 16-bit sine, continuing phase from sample index {@code start}. */
    public static short[] sine(double frequency, double amplitude, int sampleRate, int start, int length) {
        short[] pcm = new short[length];
        for (int i = 0; i < length; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * (start + i) / sampleRate));
        }
        return pcm;
    }

    /** Signal power at one frequency (Goertzel algorithm), normalised by length squared. */
    public static double goertzelPower(short[] pcm, int off, int len, double frequency, int sampleRate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        for (int i = 0; i < len; i++) {
            double current = pcm[off + i] + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return power / ((double) len * len);
    }

    /** The frequency with the most power among 50 Hz steps from 100 Hz to 8 kHz. */
    public static double dominantFrequency(short[] pcm, int off, int len, int sampleRate) {
        double best = 0;
        double bestPower = -1;
        for (int frequency = 100; frequency <= 8000; frequency += 50) {
            double power = goertzelPower(pcm, off, len, frequency, sampleRate);
            if (power > bestPower) {
                bestPower = power;
                best = frequency;
            }
        }
        return best;
    }

    public static double rms(short[] pcm, int off, int len) {
        double sum = 0;
        for (int i = 0; i < len; i++) {
            sum += (double) pcm[off + i] * pcm[off + i];
        }
        return Math.sqrt(sum / len);
    }

    public static double decibels(double ratio) {
        return 20 * Math.log10(ratio);
    }

    /** Normalised cross-correlation at lag 0, in [-1, 1]; 0 if either side is silent. */
    public static double correlation(short[] a, int aOff, short[] b, int bOff, int len) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < len; i++) {
            ab += (double) a[aOff + i] * b[bOff + i];
            aa += (double) a[aOff + i] * a[aOff + i];
            bb += (double) b[bOff + i] * b[bOff + i];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /** 48 kHz mono: harmonics of a wandering pitch, amplitude-modulated at a syllable rate, plus noise. */
    public static short[] speechLike(int length) {
        return speechLike(length, Integer.MAX_VALUE);
    }

    /** {@link #speechLike(int)} whose pitch jumps up by 120 Hz at sample {@code pitchStepAt}. */
    public static short[] speechLike(int length, int pitchStepAt) {
        Random random = new Random(42);
        short[] pcm = new short[length];
        double phase = 0;
        for (int i = 0; i < length; i++) {
            double t = (double) i / 48_000;
            double pitch = 140 + 40 * Math.sin(2 * Math.PI * 0.7 * t) + (i >= pitchStepAt ? 120 : 0);
            phase += 2 * Math.PI * pitch / 48_000;
            double voiced = 0;
            for (int harmonic = 1; harmonic <= 12; harmonic++) {
                voiced += Math.sin(harmonic * phase) / harmonic;
            }
            double envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
            pcm[i] = (short) Math.round(5000 * envelope * voiced + 2500 * random.nextGaussian());
        }
        return pcm;
    }
}
