package org.parley.signaling.protocol;

import java.util.ArrayList;
import java.util.List;
import org.parley.media.router.Producer;
import org.parley.signaling.auth.Role;
import org.parley.signaling.meeting.FloorState;
import org.parley.signaling.meeting.Participant;

/**
 * The router side of one participant's floor gating: while it is not heard (a delegate without the
 * floor in a chaired meeting) its producers are {@linkplain Producer#setMuted muted}, so nobody
 * receives them and the mixer gets nothing of them. Thread-safe: the floor changes on whichever
 * thread granted or revoked it, and takes effect at the next packet; the producers are added on the
 * participant's connection thread.
 */
final class FloorVoice {

    private final List<Producer> producers = new ArrayList<>();
    /** The participant whose voice this is while it is in a meeting, else null. */
    private Participant participant;
    private boolean heard;

    /** The participant joined; {@code floor} is the floor it was welcomed with. Call with the meeting's lock held. */
    synchronized void joined(Participant joined, FloorState floor) {
        participant = joined;
        setHeard(floor.heard(joined));
    }

    /**
     * The floor changed: the participant is heard or not according to {@code floor}. An interpreter's
     * microphone is never gated (it feeds its booth).
     *
     * @return whether that changed anything
     */
    synchronized boolean follow(FloorState floor) {
        if (participant == null || participant.role() == Role.INTERPRETER) {
            return false;
        }
        return setHeard(floor.heard(participant));
    }

    /** The participant left its meeting: its producers are gone with its transport. */
    synchronized void left() {
        participant = null;
        heard = false;
        producers.clear();
    }

    /** Whether the participant's voice reaches the floor now. */
    synchronized boolean heard() {
        return heard;
    }

    /**
     * Mutes or unmutes every producer of the participant.
     *
     * @return whether that changed anything
     */
    private boolean setHeard(boolean nowHeard) {
        if (heard == nowHeard) {
            return false;
        }
        heard = nowHeard;
        for (Producer producer : producers) {
            producer.setMuted(!nowHeard);
        }
        return true;
    }

    /** New producers of the participant, muted unless it is heard. Call before their answer goes out. */
    synchronized void add(List<Producer> added) {
        for (Producer producer : added) {
            producer.setMuted(!heard);
            producers.add(producer);
        }
    }

    /** The participant's producers are gone (its transport closed). */
    synchronized void clear() {
        producers.clear();
    }
}
