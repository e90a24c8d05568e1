package org.parley.bench;

import org.parley.mixer.measure.Fft;

/**
 * Short-time objective intelligibility (STOI; Taal, Hendriks, Heusdens, Jensen, IEEE TASLP 19(7),
 * 2011): how well a degraded speech signal keeps the temporal envelopes of the clean one in 15
 * one-third octave bands from 150 Hz, correlated over 384 ms segments. 0 to 1; it tracks the
 * intelligibility listeners score, and unlike a waveform SNR it is not fooled by a codec that
 * keeps the sound of speech but not its waveform (SILK's noise-like high band).
 *
 * <p>Computed here directly at 48 kHz with the paper's time constants (25.6 ms Hann frames, 50 %
 * overlap, 30-frame segments, clipping at β = −15 dB, frames more than 40 dB below the loudest
 * removed) rather than after resampling to 10 kHz: the bands end at 4.3 kHz either way, and the
 * finer frequency grid changes the band edges by less than a bin of the original.
 */
final class Stoi {

    private static final int RATE = 48_000;
    /** 25.6 ms at 48 kHz (256 samples at 10 kHz in the paper), even for 50 % overlap. */
    private static final int FRAME = 1228;
    private static final int HOP = FRAME / 2;
    private static final int FFT = 2048;
    private static final int BANDS = 15;
    private static final double LOWEST_CENTRE_HZ = 150;
    private static final int SEGMENT = 30;
    private static final double BETA_DB = -15;
    private static final double DYNAMIC_RANGE_DB = 40;

    private Stoi() {
    }

    /**
     * STOI of {@code degraded} against {@code clean}, both 48 kHz mono, time-aligned, of equal
     * length from {@code from} for {@code length} samples.
     *
     * @throws IllegalArgumentException if fewer than 30 speech frames remain
     */
    static double of(short[] clean, short[] degraded, int from, int length) {
        double[] window = hann(FRAME);
        int frames = (length - FRAME) / HOP + 1;
        double[] energy = new double[frames];
        double loudest = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = 0; i < FRAME; i++) {
                double x = window[i] * clean[from + f * HOP + i];
                sum += x * x;
            }
            energy[f] = 10 * Math.log10(sum + 1e-9);
            loudest = Math.max(loudest, energy[f]);
        }
        // The paper removes silent frames and overlap-adds the rest; taking the kept frames' spectra
        // straight away differs only at the seams between kept runs.
        int kept = 0;
        for (double e : energy) {
            if (e > loudest - DYNAMIC_RANGE_DB) {
                kept++;
            }
        }
        if (kept < SEGMENT) {
            throw new IllegalArgumentException("only " + kept + " speech frames: need at least " + SEGMENT);
        }
        int[][] bandBins = bandBins();
        double[][] x = new double[BANDS][kept];
        double[][] y = new double[BANDS][kept];
        double[] re = new double[FFT];
        double[] im = new double[FFT];
        int k = 0;
        for (int f = 0; f < frames; f++) {
            if (energy[f] <= loudest - DYNAMIC_RANGE_DB) {
                continue;
            }
            bandEnvelope(clean, from + f * HOP, window, re, im, bandBins, x, k);
            bandEnvelope(degraded, from + f * HOP, window, re, im, bandBins, y, k);
            k++;
        }
        double clip = 1 + Math.pow(10, -BETA_DB / 20);
        double total = 0;
        int count = 0;
        double[] a = new double[SEGMENT];
        double[] b = new double[SEGMENT];
        for (int m = SEGMENT - 1; m < kept; m++) {
            for (int j = 0; j < BANDS; j++) {
                double normX = 0;
                double normY = 0;
                for (int n = 0; n < SEGMENT; n++) {
                    a[n] = x[j][m - SEGMENT + 1 + n];
                    b[n] = y[j][m - SEGMENT + 1 + n];
                    normX += a[n] * a[n];
                    normY += b[n] * b[n];
                }
                double alpha = normY > 0 ? Math.sqrt(normX / normY) : 0;
                for (int n = 0; n < SEGMENT; n++) {
                    b[n] = Math.min(alpha * b[n], clip * a[n]);
                }
                total += correlation(a, b);
                count++;
            }
        }
        return total / count;
    }

    private static void bandEnvelope(short[] signal, int start, double[] window, double[] re, double[] im,
                                     int[][] bandBins, double[][] out, int frame) {
        for (int i = 0; i < FFT; i++) {
            re[i] = i < FRAME ? window[i] * signal[start + i] : 0;
            im[i] = 0;
        }
        Fft.transform(re, im);
        for (int j = 0; j < BANDS; j++) {
            double sum = 0;
            for (int bin = bandBins[j][0]; bin < bandBins[j][1]; bin++) {
                sum += re[bin] * re[bin] + im[bin] * im[bin];
            }
            out[j][frame] = Math.sqrt(sum);
        }
    }

    /** [first, end) FFT bins of each one-third octave band (edges at centre × 2^(±1/6)). */
    private static int[][] bandBins() {
        int[][] bins = new int[BANDS][2];
        double hzPerBin = (double) RATE / FFT;
        for (int j = 0; j < BANDS; j++) {
            double centre = LOWEST_CENTRE_HZ * Math.pow(2, j / 3.0);
            bins[j][0] = (int) Math.round(centre * Math.pow(2, -1 / 6.0) / hzPerBin);
            bins[j][1] = (int) Math.round(centre * Math.pow(2, 1 / 6.0) / hzPerBin);
        }
        return bins;
    }

    private static double correlation(double[] a, double[] b) {
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < a.length; i++) {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= a.length;
        meanB /= b.length;
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            double da = a[i] - meanA;
            double db = b[i] - meanB;
            ab += da * db;
            aa += da * da;
            bb += db * db;
        }
        return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
    }

    private static double[] hann(int length) {
        double[] window = new double[length];
        for (int i = 0; i < length; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 1) / (length + 1));
        }
        return window;
    }
}
