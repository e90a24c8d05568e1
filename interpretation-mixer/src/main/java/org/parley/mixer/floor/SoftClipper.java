package org.parley.mixer.floor;

/**
 * A memoryless soft clipper: linear up to a knee, then a smooth curve that approaches but never
 * reaches full scale. Several floor speakers shouting at once thus saturate gently instead of
 * wrapping or hard-clipping.
 */
public final class SoftClipper {

    private final float knee;
    private final float headroom;

    /** @param knee the linear limit, in (0, 1); above it the curve bends towards 1.0 */
    public SoftClipper(float knee) {
        if (!(knee > 0f && knee < 1f)) {
            throw new IllegalArgumentException("knee must be in (0, 1): " + knee);
        }
        this.knee = knee;
        this.headroom = 1f - knee;
    }

    /** Clips {@code samples[0, n)} in place. */
    public void process(float[] samples, int n) {
        for (int i = 0; i < n; i++) {
            float x = samples[i];
            float magnitude = Math.abs(x);
            if (magnitude > knee) {
                // t/(1+t) has slope 1 at t = 0 (continuous with the linear part) and tends to 1.
                float t = (magnitude - knee) / headroom;
                float shaped = knee + headroom * (t / (1f + t));
                samples[i] = x < 0f ? -shaped : shaped;
            }
        }
    }
}
