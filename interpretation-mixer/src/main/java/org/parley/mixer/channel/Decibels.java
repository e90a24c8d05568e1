package org.parley.mixer.channel;

/** Conversions between linear gain / sample power and decibels. Full scale is a float sample of 1.0. */
public final class Decibels {

    /** Level reported for digital silence; matches the quietest RFC 6464 level (−127 dBov). */
    public static final float SILENCE_DBFS = -127f;

    private Decibels() {
    }

    public static float toGain(float db) {
        return (float) Math.pow(10.0, db / 20.0);
    }

    public static float fromGain(float gain) {
        return gain <= 0f ? SILENCE_DBFS : Math.max(SILENCE_DBFS, (float) (20.0 * Math.log10(gain)));
    }

    /** Mean of the squared samples {@code [0, n)}. */
    public static float meanSquare(float[] samples, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float s = samples[i];
            sum += s * s;
        }
        return (float) (sum / n);
    }

    /** RMS level of a mean-square power; a full-scale square wave is 0 dBFS, a full-scale sine −3 dBFS. */
    public static float powerToDbfs(float meanSquare) {
        return meanSquare <= 0f ? SILENCE_DBFS : Math.max(SILENCE_DBFS, (float) (10.0 * Math.log10(meanSquare)));
    }

    public static float rmsDbfs(float[] samples, int n) {
        return powerToDbfs(meanSquare(samples, n));
    }
}
