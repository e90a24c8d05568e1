package org.parley.signaling.dashboard;

/**
 * A meeting's interpretation mixer at one tick of the feed.
 *
 * @param frameMillis        the mixer's tick ({@code mixer.frameMs})
 * @param meanTickMillis     the mean work of one tick in the last second; NaN if none was timed
 * @param maxTickMillis      the longest tick of the last couple of minutes
 * @param overruns           ticks since the mixer started whose work took longer than the frame
 * @param overrunsLastSecond of those, the ones of the last second
 */
public record MixerSnapshot(double frameMillis, double meanTickMillis, double maxTickMillis, long overruns,
                            long overrunsLastSecond) {
}
