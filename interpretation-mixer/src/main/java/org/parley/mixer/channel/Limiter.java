package org.parley.mixer.channel;

/**
 * A peak limiter without look-ahead: the envelope follows a rising peak on the same sample
 * (instant attack, so no sample ever leaves the ceiling) and decays exponentially (slow release,
 * so the gain does not pump between the peaks of one waveform).
 *
 * <p>Being look-ahead free it adds no latency; the price is some distortion on the first
 * samples of a transient, which is acceptable for a safety limiter that should rarely work.
 */
public final class Limiter {

    private static final double RELEASE_SECONDS = 0.1;

    private final float ceiling;
    private final float releaseCoefficient;
    private float envelope;

    /**
     * @param ceilingDbfs the highest output peak, in dBFS (e.g. −1)
     * @param sampleRate  samples per second, for the release time constant
     */
    public Limiter(float ceilingDbfs, int sampleRate) {
        this.ceiling = Decibels.toGain(ceilingDbfs);
        this.releaseCoefficient = (float) Math.exp(-1.0 / (RELEASE_SECONDS * sampleRate));
    }

    /** Limits {@code samples[0, n)} in place. */
    public void process(float[] samples, int n) {
        float env = envelope;
        for (int i = 0; i < n; i++) {
            float x = samples[i];
            float peak = Math.abs(x);
            env = Math.max(peak, env * releaseCoefficient);
            if (env > ceiling) {
                // env >= |x|, so |x * ceiling / env| <= ceiling
                samples[i] = x * (ceiling / env);
            }
        }
        envelope = env;
    }

    /** The gain applied to the last sample, in dB (0 when the limiter is idle). */
    public float gainReductionDb() {
        return envelope > ceiling ? Decibels.fromGain(ceiling / envelope) : 0f;
    }
}
