package org.parley.mixer.channel;

/** Test level meter: the amplitude of one frequency in a block of samples (Goertzel algorithm). */
public final class Goertzel {

    private Goertzel() {
    }

    /**
     * Amplitude (full scale = 1.0) of {@code frequency} in {@code samples[from, from + n)}. Exact for
     * tones with a whole number of cycles in {@code n} samples; other such tones do not leak into it.
     */
    public static double amplitude(float[] samples, int from, int n, double frequency, int sampleRate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + n; i++) {
            double s = samples[i] + coefficient * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return 2 * Math.sqrt(Math.max(power, 0)) / n;
    }

    public static double db(double amplitude, double reference) {
        return 20 * Math.log10(amplitude / reference);
    }
}
