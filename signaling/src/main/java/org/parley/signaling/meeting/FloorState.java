package org.parley.signaling.meeting;

import java.util.List;
import java.util.Set;
import org.parley.signaling.auth.Role;

/**
 * A snapshot of a meeting's floor, as everyone in it is told.
 *
 * @param mode     open or chaired
 * @param language the language spoken on the floor now
 * @param speakers who is heard: delegates given the floor, then chairs, operators and room systems that publish, in order of arrival
 * @param hands    raised hands, in the order they were raised
 * @param granted  ids of the participants given the floor
 */
public record FloorState(FloorMode mode, String language, List<Participant> speakers, List<Participant> hands,
                         Set<String> granted) {

    public FloorState {
        speakers = List.copyOf(speakers);
        hands = List.copyOf(hands);
        granted = Set.copyOf(granted);
    }

    /**
     * Whether {@code participant}'s published audio is heard on the floor (forwarded and mixed):
     * always for chairs, operators and room systems, for a delegate in an open meeting or once
     * given the floor, never for anyone else (an interpreter's microphone feeds its booth instead).
     */
    public boolean heard(Participant participant) {
        Role role = participant.role();
        if (role.alwaysHeardOnFloor()) {
            return true;
        }
        return role == Role.DELEGATE && (mode == FloorMode.OPEN || granted.contains(participant.id()));
    }

    /** {@code speaking}, {@code hand} or null: the participant's part in the floor, for the roster. */
    public String stateOf(Participant participant) {
        if (speakers.contains(participant)) {
            return "speaking";
        }
        return hands.contains(participant) ? "hand" : null;
    }
}
