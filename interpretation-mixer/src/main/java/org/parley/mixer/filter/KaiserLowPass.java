package org.parley.mixer.filter;

/**
 * Designs linear-phase low-pass FIR filters: a windowed sinc under a Kaiser window, normalised to
 * unity gain at DC. The Kaiser window's β trades stopband attenuation (about 70 dB at β = 7) against
 * transition width, which also narrows as the taps grow.
 */
public final class KaiserLowPass {

    private KaiserLowPass() {
    }

    /**
     * The coefficients of a {@code taps}-tap low-pass cut at {@code cutoff} cycles per sample
     * (0 to 0.5); {@code taps} odd, so the filter delays by exactly {@code (taps - 1) / 2} samples.
     *
     * @throws IllegalArgumentException if {@code taps} is even or below 3, or the cutoff outside (0, 0.5)
     */
    public static float[] design(int taps, double cutoff, double beta) {
        if (taps < 3 || taps % 2 == 0 || !(cutoff > 0 && cutoff < 0.5)) {
            throw new IllegalArgumentException("need an odd tap count of 3 or more and 0 < cutoff < 0.5, got "
                    + taps + " and " + cutoff);
        }
        int centre = (taps - 1) / 2;
        double[] h = new double[taps];
        double sum = 0;
        double i0Beta = besselI0(beta);
        for (int n = 0; n < taps; n++) {
            int m = n - centre;
            double sinc = m == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * m) / (Math.PI * m);
            double r = (double) m / centre;
            h[n] = sinc * besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
            sum += h[n];
        }
        float[] coefficients = new float[taps];
        for (int n = 0; n < taps; n++) {
            coefficients[n] = (float) (h[n] / sum);
        }
        return coefficients;
    }

    /** The zeroth-order modified Bessel function of the first kind, by its power series. */
    static double besselI0(double x) {
        double term = 1;
        double sum = 1;
        double quarterSquare = x * x / 4;
        for (int k = 1; term > 1e-12 * sum; k++) {
            term *= quarterSquare / ((double) k * k);
            sum += term;
        }
        return sum;
    }
}
