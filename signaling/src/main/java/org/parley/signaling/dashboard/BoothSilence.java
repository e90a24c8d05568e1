package org.parley.signaling.dashboard;

import java.util.HashSet;
import java.util.Set;

/**
 * Which booths' silent spells have been alerted: the mixer counts how long a live booth has been without
 * voice ({@link org.parley.signaling.interpretation.MeetingChannels#silentMillis}); the dashboard alerts
 * once when a spell passes its threshold, and again only after the booth spoke or went off air. The
 * feed's thread only.
 */
final class BoothSilence {

    private final Set<String> alerted = new HashSet<>();

    /**
     * Whether {@code booth}, {@code silent} now, starts a silent spell that has not been alerted yet;
     * a booth that is not silent ends its spell.
     */
    boolean firstAlert(String booth, boolean silent) {
        if (!silent) {
            alerted.remove(booth);
            return false;
        }
        return alerted.add(booth);
    }

    /** Forgets the booths not in {@code booths} (their meeting ended, or the language was removed). */
    void retain(Set<String> booths) {
        alerted.retainAll(booths);
    }
}
