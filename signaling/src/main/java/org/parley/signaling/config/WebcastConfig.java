package org.parley.signaling.config;

import java.util.Objects;

/**
 * The HLS webcast of meetings that have it on ({@code webcast} in the configuration).
 *
 * @param segmentSeconds seconds per HLS segment (the same for every language, cut on the same mixer tick)
 * @param windowSegments segments in each live playlist's sliding window
 * @param tier           the listener tier whose packets are segmented (no extra encode when WebRTC
 *                       listeners use the same tier: {@code standard}; {@code studio} for fullband)
 */
public record WebcastConfig(int segmentSeconds, int windowSegments, String tier) {

    /** 2 s segments, a window of 6 (12 s), the standard tier. */
    public static final WebcastConfig DEFAULTS = new WebcastConfig(2, 6, "standard");

    public WebcastConfig {
        Objects.requireNonNull(tier, "tier");
        if (segmentSeconds < 1 || segmentSeconds > 10) {
            throw new IllegalArgumentException("webcast.segmentSeconds must be 1 to 10: " + segmentSeconds);
        }
        if (windowSegments < 3 || windowSegments > 100) {
            throw new IllegalArgumentException("webcast.windowSegments must be 3 to 100: " + windowSegments);
        }
    }

    /** The segment duration at 48 kHz. */
    public int segmentSamples() {
        return segmentSeconds * 48_000;
    }
}
