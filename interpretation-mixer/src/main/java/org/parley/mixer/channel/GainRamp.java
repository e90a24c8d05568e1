package org.parley.mixer.channel;

import java.util.Arrays;

/**
 * A gain that moves between 0 and 1 along an equal-power (quarter-sine) curve, one step per
 * sample, so switching a signal on or off never clicks.
 *
 * <p>The ramp's state is a position on the curve, not a gain: reversing mid-ramp walks back along
 * the same curve, and two ramps of equal length started on the same sample in opposite directions
 * form an equal-power crossfade ({@code g1² + g2² = 1} on every sample), which is what a handover
 * between interpreters needs: never a gap, never both voices at full level.
 */
public final class GainRamp {

    private final float[] curve;
    private final int length;
    private int position;
    private boolean open;

    /**
     * @param rampSamples samples to go from silent to full (or back); at least 1
     * @param open        whether the ramp starts fully open
     */
    public GainRamp(int rampSamples, boolean open) {
        if (rampSamples < 1) {
            throw new IllegalArgumentException("rampSamples must be >= 1: " + rampSamples);
        }
        this.length = rampSamples;
        this.curve = new float[rampSamples + 1];
        for (int p = 0; p <= rampSamples; p++) {
            curve[p] = (float) Math.sin(0.5 * Math.PI * p / rampSamples);
        }
        curve[rampSamples] = 1f;
        this.open = open;
        this.position = open ? rampSamples : 0;
    }

    /** Starts (or continues) moving towards full gain from the next sample on. */
    public void open() {
        open = true;
    }

    /** Starts (or continues) moving towards silence from the next sample on. */
    public void close() {
        open = false;
    }

    /** Moves towards {@code open} ? full gain : silence. */
    public void target(boolean open) {
        this.open = open;
    }

    /** The direction the ramp is moving in (or resting at). */
    public boolean isOpening() {
        return open;
    }

    /** Silent and staying silent: the signal behind it does not need to be computed. */
    public boolean isClosed() {
        return !open && position == 0;
    }

    /** At full gain and staying there. */
    public boolean isFullyOpen() {
        return open && position == length;
    }

    /** The gain the last sample was multiplied with. */
    public float gain() {
        return curve[position];
    }

    /** Advances one sample and returns that sample's gain. */
    public float next() {
        if (open) {
            if (position < length) {
                position++;
            }
        } else if (position > 0) {
            position--;
        }
        return curve[position];
    }

    /** {@code dst[i] += src[i] * gain} for {@code n} samples, advancing the ramp. */
    public void mixInto(float[] src, float[] dst, int n) {
        if (isClosed()) {
            return;
        }
        if (isFullyOpen()) {
            for (int i = 0; i < n; i++) {
                dst[i] += src[i];
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            dst[i] += src[i] * next();
        }
    }

    /** {@code samples[i] *= gain} for {@code n} samples, advancing the ramp. */
    public void applyInPlace(float[] samples, int n) {
        if (isFullyOpen()) {
            return;
        }
        if (isClosed()) {
            Arrays.fill(samples, 0, n, 0f);
            return;
        }
        for (int i = 0; i < n; i++) {
            samples[i] *= next();
        }
    }
}
