package org.parley.signaling.peer;

import org.parley.mixer.measure.Fft;

/**
 * Measures 16-bit PCM captured from a peer: the frequency of a tone, its level, the level of one frequency
 * among several, and dropouts.
 *
 * <p>Levels are in dB relative to full scale (32768). {@link #rmsDbfs} is plain RMS, so a full-scale sine
 * reads -3.01 dB; {@link #levelAtDb} reports a sine's peak amplitude, so the same sine reads 0 dB.
 */
public final class ToneAnalyzer {

    private static final double FULL_SCALE = 32768.0;
    /** Below this the analysis answers "silence" rather than -infinity. */
    private static final double FLOOR_DB = -200;
    /** Window length of the dropout detector: short enough to see a 20 ms gap, long enough to span a cycle. */
    private static final double GAP_WINDOW_MILLIS = 2;
    /** Frequencies under this are DC and rumble, never the tone under test. */
    private static final double MIN_TONE_HZ = 20;

    private ToneAnalyzer() {
    }

    /**
     * The frequency of the strongest spectral peak: Hann window, zero-padded FFT, parabolic interpolation
     * of the log magnitude around the peak bin. Within ±0.1 Hz on one second of a clean tone at 48 kHz.
     *
     * @throws IllegalArgumentException for fewer than 64 samples
     */
    public static double dominantFrequency(short[] samples, int sampleRate) {
        if (samples.length < 64) {
            throw new IllegalArgumentException("need at least 64 samples, got " + samples.length);
        }
        int size = Integer.highestOneBit(samples.length - 1) << 1;
        // Four times zero-padding narrows the bins so the parabola fits the main lobe well.
        size *= 4;
        double[] real = new double[size];
        double[] imaginary = new double[size];
        double[] window = hann(samples.length);
        for (int i = 0; i < samples.length; i++) {
            real[i] = samples[i] * window[i];
        }
        Fft.transform(real, imaginary);

        int minBin = Math.max(1, (int) Math.ceil(MIN_TONE_HZ * size / sampleRate));
        int peak = minBin;
        double peakPower = -1;
        for (int bin = minBin; bin < size / 2 - 1; bin++) {
            double power = real[bin] * real[bin] + imaginary[bin] * imaginary[bin];
            if (power > peakPower) {
                peakPower = power;
                peak = bin;
            }
        }
        double left = Math.log(power(real, imaginary, peak - 1) + 1e-30);
        double centre = Math.log(peakPower + 1e-30);
        double right = Math.log(power(real, imaginary, peak + 1) + 1e-30);
        double denominator = left - 2 * centre + right;
        double offset = denominator == 0 ? 0 : 0.5 * (left - right) / denominator;
        return (peak + offset) * sampleRate / size;
    }

    /** RMS level in dBFS; {@code -200} for digital silence or no samples. */
    public static double rmsDbfs(short[] samples) {
        return rmsDbfs(samples, 0, samples.length);
    }

    /**
     * Peak amplitude, in dBFS, of the sine component at {@code hz} (a full-scale sine reads 0 dB). Uses a
     * Hann-windowed single-bin DFT and takes the maximum over ±1 Hz in 0.1 Hz steps, so a tone whose clock
     * drifted slightly through resampling is still measured on its peak. Two tones' levels compare directly.
     */
    public static double levelAtDb(short[] samples, int sampleRate, double hz) {
        if (samples.length == 0) {
            return FLOOR_DB;
        }
        double[] window = hann(samples.length);
        double windowSum = 0;
        for (double w : window) {
            windowSum += w;
        }
        double best = 0;
        for (int step = -10; step <= 10; step++) {
            double omega = 2 * Math.PI * (hz + step * 0.1) / sampleRate;
            double re = 0;
            double im = 0;
            for (int i = 0; i < samples.length; i++) {
                double value = samples[i] * window[i];
                re += value * Math.cos(omega * i);
                im -= value * Math.sin(omega * i);
            }
            best = Math.max(best, Math.hypot(re, im));
        }
        // A windowed sine of amplitude A yields |X| = A * sum(w) / 2 at its own frequency.
        double amplitude = 2 * best / windowSum;
        return toDb(amplitude / FULL_SCALE);
    }

    /**
     * Whether the signal falls silent (RMS under {@code silenceDbfs}) for longer than {@code millis}, measured
     * in consecutive 2 ms windows, so the answer is exact to about 2 ms.
     */
    public static boolean hasGapLongerThan(short[] samples, int sampleRate, double millis, double silenceDbfs) {
        return longestGapMillis(samples, sampleRate, silenceDbfs) > millis;
    }

    /** Length of the longest silent stretch (see {@link #hasGapLongerThan}), in milliseconds. */
    public static double longestGapMillis(short[] samples, int sampleRate, double silenceDbfs) {
        int window = Math.max(1, (int) Math.round(sampleRate * GAP_WINDOW_MILLIS / 1000));
        int run = 0;
        int longest = 0;
        for (int start = 0; start + window <= samples.length; start += window) {
            if (rmsDbfs(samples, start, window) < silenceDbfs) {
                run++;
                longest = Math.max(longest, run);
            } else {
                run = 0;
            }
        }
        return longest * window * 1000.0 / sampleRate;
    }

    private static double rmsDbfs(short[] samples, int offset, int length) {
        if (length == 0) {
            return FLOOR_DB;
        }
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return toDb(Math.sqrt(sum / length) / FULL_SCALE);
    }

    private static double toDb(double ratio) {
        return ratio <= 0 ? FLOOR_DB : Math.max(FLOOR_DB, 20 * Math.log10(ratio));
    }

    private static double power(double[] real, double[] imaginary, int bin) {
        return real[bin] * real[bin] + imaginary[bin] * imaginary[bin];
    }

    private static double[] hann(int length) {
        double[] window = new double[length];
        for (int i = 0; i < length; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (length - 1));
        }
        return window;
    }
}
