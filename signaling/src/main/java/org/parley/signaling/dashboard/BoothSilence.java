package org.parley.signaling.dashboard;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * How long each live booth microphone has been silent: from the mixer's count of its voiced frames
 * ({@link org.parley.mixer.pipeline.SourceInput#voicedFrames()}), read once a second. A microphone is
 * silent while the count stands still; the clock starts when the feed first sees it live, so an
 * interpreter who just went on air is given the full grace period. The feed's thread only.
 */
final class BoothSilence {

    private final Map<String, Watch> watches = new HashMap<>();

    private static final class Watch {
        long voicedFrames;
        long lastVoicedTick;
        boolean alerted;

        Watch(long voicedFrames, long tick) {
            this.voicedFrames = voicedFrames;
            this.lastVoicedTick = tick;
        }
    }

    /**
     * The live {@code microphone} had voiced {@code voicedFrames} frames at {@code tick}: returns the
     * seconds (ticks) since its count last moved.
     */
    long observe(String microphone, long voicedFrames, long tick) {
        Watch watch = watches.get(microphone);
        if (watch == null) {
            watches.put(microphone, new Watch(voicedFrames, tick));
            return 0;
        }
        if (voicedFrames != watch.voicedFrames) {
            watch.voicedFrames = voicedFrames;
            watch.lastVoicedTick = tick;
            watch.alerted = false;
        }
        return tick - watch.lastVoicedTick;
    }

    /** Whether {@code microphone}'s current silent spell has not been alerted yet; marks it alerted. */
    boolean firstAlert(String microphone) {
        Watch watch = watches.get(microphone);
        if (watch == null || watch.alerted) {
            return false;
        }
        watch.alerted = true;
        return true;
    }

    /** Forgets the microphones that are no longer live: going on air again starts a fresh watch. */
    void retain(Set<String> liveMicrophones) {
        watches.keySet().retainAll(liveMicrophones);
    }
}
