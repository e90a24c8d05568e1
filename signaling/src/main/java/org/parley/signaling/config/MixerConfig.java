package org.parley.signaling.config;

/**
 * The interpretation mixer's settings.
 *
 * @param frameMillis the mixer's tick: 20 ms (the default, what browsers send) or 10 ms (less delay,
 *                    twice the ticks)
 */
public record MixerConfig(int frameMillis) {

    /** The default tick. */
    public static final MixerConfig DEFAULTS = new MixerConfig(20);

    public MixerConfig {
        if (frameMillis != 10 && frameMillis != 20) {
            throw new IllegalArgumentException("mixer frame must be 10 or 20 ms: " + frameMillis);
        }
    }
}
