package org.parley.mixer.tick;

import org.parley.mixer.channel.ChannelSettings;

/**
 * Settings of one meeting's mix.
 *
 * @param format   the tick's frame format
 * @param channels floor fallback, floor ducking, limiter and normalisation of every language channel
 */
public record MixSettings(FrameFormat format, ChannelSettings channels) {

    /** 20 ms frames and {@link ChannelSettings#DEFAULTS}. */
    public static final MixSettings DEFAULTS = new MixSettings(FrameFormat.MS_20, ChannelSettings.DEFAULTS);

    public MixSettings {
        if (format == null || channels == null) {
            throw new IllegalArgumentException("format and channels are required");
        }
    }

    public MixSettings withFormat(FrameFormat newFormat) {
        return new MixSettings(newFormat, channels);
    }

    public MixSettings withChannels(ChannelSettings newChannels) {
        return new MixSettings(format, newChannels);
    }
}
