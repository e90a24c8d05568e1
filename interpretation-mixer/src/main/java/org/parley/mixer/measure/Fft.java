package org.parley.mixer.measure;

/** The discrete Fourier transform of a complex signal whose length is a power of two. */
public final class Fft {

    private Fft() {
    }

    /**
     * Transforms {@code real} + i·{@code imaginary} in place: iterative radix-2 Cooley-Tukey
     * (decimation in time after a bit-reversal permutation), X[k] = Σ x[n]·e^(−2πikn/N), unscaled.
     *
     * @throws IllegalArgumentException if the arrays differ in length or the length is not a power of two
     */
    public static void transform(double[] real, double[] imaginary) {
        int n = real.length;
        if (imaginary.length != n || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("need two arrays of one power-of-two length, got "
                    + n + " and " + imaginary.length);
        }
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = real[i];
                real[i] = real[j];
                real[j] = t;
                t = imaginary[i];
                imaginary[i] = imaginary[j];
                imaginary[j] = t;
            }
        }
        for (int length = 2; length <= n; length <<= 1) {
            double angle = -2 * Math.PI / length;
            double stepRe = Math.cos(angle);
            double stepIm = Math.sin(angle);
            for (int start = 0; start < n; start += length) {
                double wRe = 1;
                double wIm = 0;
                for (int k = 0; k < length / 2; k++) {
                    int even = start + k;
                    int odd = even + length / 2;
                    double oddRe = real[odd] * wRe - imaginary[odd] * wIm;
                    double oddIm = real[odd] * wIm + imaginary[odd] * wRe;
                    real[odd] = real[even] - oddRe;
                    imaginary[odd] = imaginary[even] - oddIm;
                    real[even] += oddRe;
                    imaginary[even] += oddIm;
                    double nextRe = wRe * stepRe - wIm * stepIm;
                    wIm = wRe * stepIm + wIm * stepRe;
                    wRe = nextRe;
                }
            }
        }
    }
}
