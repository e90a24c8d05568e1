package org.parley.mixer.channel;

/**
 * A slow, gated automatic gain that brings a signal's long-term RMS level to a target, so that
 * every language channel (and the floor) reaches listeners at a consistent level (ISO 24019 asks
 * for level consistency across channels).
 *
 * <p>Frames below the gate (pauses, silence) neither move the level estimate nor the gain, so a
 * pause does not make the gain creep up and release a loud burst when speech resumes. The gain
 * moves at most {@value #SLEW_DB_PER_SECOND} dB per second and is interpolated across each frame.
 */
public final class LevelNormalizer {

    private static final float GATE_DBFS = -50f;
    private static final float SLEW_DB_PER_SECOND = 6f;
    /** The averaging time of EBU R 128 momentary loudness. */
    private static final double AVERAGING_SECONDS = 0.4;

    private final float targetDbfs;
    private final float maxGainDb;
    private final float gatePower;
    private final float averagingWeight;
    private final float slewDbPerFrame;
    private float averagePower;
    private float gainDb;
    private float appliedGain = 1f;
    /** The gains the last {@link #process} ramped between, for {@link #repeat}. */
    private float lastFromGain = 1f;
    private float lastToGain = 1f;

    /**
     * @param targetDbfs   long-term RMS level to aim for
     * @param maxGainDb    largest boost or cut; 0 disables normalisation
     * @param frameSamples samples per processed frame
     * @param sampleRate   samples per second
     */
    public LevelNormalizer(float targetDbfs, float maxGainDb, int frameSamples, int sampleRate) {
        this.targetDbfs = targetDbfs;
        this.maxGainDb = maxGainDb;
        this.gatePower = (float) Math.pow(10.0, GATE_DBFS / 10.0);
        double frameSeconds = (double) frameSamples / sampleRate;
        this.averagingWeight = (float) Math.min(1.0, frameSeconds / AVERAGING_SECONDS);
        this.slewDbPerFrame = (float) (SLEW_DB_PER_SECOND * frameSeconds);
        // Start from "on target" so the first, possibly faded-in, frames move nothing much.
        this.averagePower = (float) Math.pow(10.0, targetDbfs / 10.0);
    }

    /** Measures {@code samples[0, n)}, updates the gain and applies it in place. */
    public void process(float[] samples, int n) {
        if (maxGainDb == 0f) {
            return;
        }
        lastFromGain = appliedGain;
        float power = Decibels.meanSquare(samples, n);
        if (power > gatePower) {
            averagePower += averagingWeight * (power - averagePower);
            float wanted = clamp(targetDbfs - Decibels.powerToDbfs(averagePower), maxGainDb);
            gainDb += clamp(wanted - gainDb, slewDbPerFrame);
        }
        float target = Decibels.toGain(gainDb);
        lastToGain = target;
        apply(samples, n, appliedGain, target);
        appliedGain = target;
    }

    /**
     * Applies the gain of the last {@link #process} call to another frame of the same length,
     * without measuring it: a signal derived from the processed one (the floor without one
     * speaker) gets exactly the processed one's gain, sample for sample.
     */
    public void repeat(float[] samples, int n) {
        if (maxGainDb == 0f) {
            return;
        }
        apply(samples, n, lastFromGain, lastToGain);
    }

    private static void apply(float[] samples, int n, float from, float target) {
        float gain = from;
        if (gain == target) {
            if (gain != 1f) {
                for (int i = 0; i < n; i++) {
                    samples[i] *= gain;
                }
            }
            return;
        }
        float step = (target - gain) / n;
        for (int i = 0; i < n; i++) {
            gain += step;
            samples[i] *= gain;
        }
    }

    /** The gain currently applied, in dB. */
    public float gainDb() {
        return gainDb;
    }

    private static float clamp(float value, float limit) {
        return Math.max(-limit, Math.min(limit, value));
    }
}
