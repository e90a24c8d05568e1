package org.parley.mixer.channel;

import java.util.Arrays;

/**
 * One source's decoded frame for the current tick (a floor speaker's or an interpreter's
 * microphone). The decoder side {@link #offer offers} it; the tick {@link #take takes} it exactly
 * once. A source that was not offered in a tick is silence for that tick.
 */
public final class SourceFrame {

    /** {@link #audioLevel()} when the source carried no RFC 6464 audio level this tick. */
    public static final int NO_AUDIO_LEVEL = -1;

    private final float[] samples;
    private boolean offered;
    private boolean silent = true;
    private int audioLevel = NO_AUDIO_LEVEL;

    public SourceFrame(int frameSamples) {
        this.samples = new float[frameSamples];
    }

    /**
     * Copies this tick's decoded PCM (the array stays the caller's).
     *
     * @param pcm        exactly one frame of 16-bit samples
     * @param audioLevel the RFC 6464 §3 level (0..127, meaning 0..−127 dBov) or {@link #NO_AUDIO_LEVEL}
     * @return false (and nothing changes) if {@code pcm} is null or not one frame long, or the level is out of range
     */
    public boolean offer(short[] pcm, int audioLevel) {
        if (pcm == null || pcm.length != samples.length || audioLevel < NO_AUDIO_LEVEL || audioLevel > 127) {
            return false;
        }
        Pcm16.toFloat(pcm, samples, samples.length);
        this.audioLevel = audioLevel;
        offered = true;
        silent = false;
        return true;
    }

    /** Whether a frame was offered for the coming tick. */
    public boolean isOffered() {
        return offered;
    }

    /**
     * This tick's samples (silence if none were offered); resets the frame for the next tick.
     * The array is owned by this frame and valid until the next {@link #offer}.
     */
    public float[] take() {
        if (!offered) {
            audioLevel = NO_AUDIO_LEVEL;
            if (!silent) {
                Arrays.fill(samples, 0f);
                silent = true;
            }
        }
        offered = false;
        return samples;
    }

    /** The RFC 6464 level offered with the frame last taken, or {@link #NO_AUDIO_LEVEL}. */
    public int audioLevel() {
        return audioLevel;
    }
}
