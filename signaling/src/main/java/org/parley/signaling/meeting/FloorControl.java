package org.parley.signaling.meeting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.parley.signaling.auth.Role;

/**
 * The floor of one meeting: its mode, the language spoken on it, raised hands and who has been
 * given the floor. Guarded by the meeting's lock, like the rest of the meeting: every change is made
 * by {@link Meeting} with the lock held, and reported to everyone in the meeting through
 * {@link MeetingEvents#floorChanged} in the same order as the meeting's other events.
 */
final class FloorControl {

    private FloorMode mode;
    private String language;
    /** Raised hands by participant id, in the order raised. */
    private final Map<String, Participant> hands = new LinkedHashMap<>();
    /** Delegates given the floor, by id, in the order granted. */
    private final Set<String> granted = new LinkedHashSet<>();

    FloorControl(FloorMode mode, String language) {
        this.mode = mode;
        this.language = language;
    }

    FloorMode mode() {
        return mode;
    }

    /** @return whether anything changed */
    boolean setMode(FloorMode newMode) {
        boolean changed = mode != newMode;
        mode = newMode;
        return changed;
    }

    String language() {
        return language;
    }

    boolean setLanguage(String newLanguage) {
        boolean changed = !language.equals(newLanguage);
        language = newLanguage;
        return changed;
    }

    boolean raiseHand(Participant participant, boolean raised) {
        if (raised) {
            return hands.putIfAbsent(participant.id(), participant) == null;
        }
        return hands.remove(participant.id()) != null;
    }

    /** Gives {@code participant} the floor and lowers its hand. */
    boolean grant(Participant participant) {
        boolean lowered = hands.remove(participant.id()) != null;
        return granted.add(participant.id()) | lowered;
    }

    boolean revoke(Participant participant) {
        return granted.remove(participant.id());
    }

    /** Forgets a participant that left; whether the floor looks different now. */
    boolean forget(Participant participant, boolean wasSpeaker) {
        boolean changed = hands.remove(participant.id()) != null;
        changed |= granted.remove(participant.id());
        return changed || wasSpeaker;
    }

    /** The floor as it is now; {@code everyone} are the meeting's participants in order of arrival. */
    FloorState state(List<Participant> everyone) {
        List<Participant> speakers = new ArrayList<>();
        for (Participant participant : everyone) {
            if (isSpeaker(participant)) {
                speakers.add(participant);
            }
        }
        return new FloorState(mode, language, speakers, new ArrayList<>(hands.values()), granted);
    }

    /** Whether {@code participant} is listed as a speaker: a delegate given the floor, or a chair, operator or room system that publishes. */
    boolean isSpeaker(Participant participant) {
        if (participant.role().alwaysHeardOnFloor()) {
            return !participant.producerIdsUnlocked().isEmpty();
        }
        return participant.role() == Role.DELEGATE && granted.contains(participant.id());
    }
}
