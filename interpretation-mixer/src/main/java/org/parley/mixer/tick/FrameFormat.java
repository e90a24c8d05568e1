package org.parley.mixer.tick;

/**
 * The mixer's frame: 48 kHz mono, {@code frameMillis} per tick (an Opus frame size the crossfades
 * fit into: 10, 20, 40 or 60 ms).
 *
 * @param frameMillis tick length in milliseconds
 */
public record FrameFormat(int frameMillis) {

    /** Fullband, the rate Opus decodes to and ISO 24019's 15 kHz response needs. */
    public static final int SAMPLE_RATE = 48_000;

    public static final FrameFormat MS_10 = new FrameFormat(10);
    public static final FrameFormat MS_20 = new FrameFormat(20);

    public FrameFormat {
        if (frameMillis != 10 && frameMillis != 20 && frameMillis != 40 && frameMillis != 60) {
            throw new IllegalArgumentException("frame duration must be 10, 20, 40 or 60 ms: " + frameMillis);
        }
    }

    /** Samples per tick (960 at 20 ms). */
    public int samplesPerFrame() {
        return samples(frameMillis);
    }

    /** Samples in {@code millis} milliseconds at {@link #SAMPLE_RATE}. */
    public int samples(int millis) {
        return SAMPLE_RATE / 1000 * millis;
    }
}
