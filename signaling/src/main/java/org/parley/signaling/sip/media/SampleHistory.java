package org.parley.signaling.sip.media;

import java.util.Arrays;

/**
 * The last {@code length} samples a FIR filter runs over, in a ring written twice, so that they are
 * always contiguous (oldest first) and a dot product over them needs no wrap-around.
 */
final class SampleHistory {

    private final int length;
    private final float[] samples;
    private int newest;

    SampleHistory(int length) {
        this.length = length;
        this.samples = new float[2 * length];
        this.newest = length - 1;
    }

    /** Adds the newest sample, dropping the oldest. */
    void push(short sample) {
        newest = newest + 1 == length ? 0 : newest + 1;
        samples[newest] = sample;
        samples[newest + length] = sample;
    }

    /** The sum of {@code taps[k]} times the k-th oldest sample: taps given in reverse order of the impulse response. */
    float dot(float[] taps) {
        int start = newest + 1;
        float acc = 0;
        for (int k = 0; k < length; k++) {
            acc += taps[k] * samples[start + k];
        }
        return acc;
    }

    /** Silence, as before the first sample. */
    void clear() {
        Arrays.fill(samples, 0);
    }
}
