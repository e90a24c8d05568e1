package org.parley.signaling.meeting;

import java.util.List;
import org.parley.signaling.captions.Caption;

/**
 * What a participant is told about the others in its meeting. Called on whatever thread changed the
 * meeting, while the meeting is locked: implementations must only enqueue, never block. Every event
 * is ignored by default: a participant takes those it has a use for (a room system on a SIP call has
 * no roster to keep, a test records one kind).
 */
public interface MeetingEvents {
    default void participantJoined(Participant participant) {
    }

    default void participantLeft(Participant participant) {
    }

    default void producerAdded(Participant publisher, String producerId) {
    }

    default void producerRemoved(Participant publisher, String producerId) {
    }

    /** The floor changed (hands, speakers, language, mode); {@code floor} is its new state. */
    default void floorChanged(FloorState floor) {
    }

    /**
     * The tiers this participant may subscribe to changed (the meeting's tier policy was changed);
     * {@code tiers} are the new ones, best first.
     */
    default void tierPolicyChanged(List<String> tiers) {
    }

    /**
     * A caption (a partial or a final) for everyone in the meeting, the sender included, who filters it by its
     * subscription; {@code ofFloor} when its language is the floor's (the caption is of what the floor channel
     * carries). {@code from} is null for a caption nobody in the meeting wrote (speech recognition).
     */
    default void caption(Participant from, Caption caption, boolean ofFloor) {
    }

    /** What {@code participant} (perhaps this one) listens to changed (see {@link Participant#media()}); for rosters. */
    default void participantUpdated(Participant participant) {
    }

    /**
     * The meeting's languages changed (a provisioning update): {@code added} and {@code removed} in
     * the meeting's order; at least one is not empty.
     */
    default void languagesChanged(List<String> added, List<String> removed) {
    }

    /** The meeting's recording started ({@code recording}) or stopped (null): every console shows it. */
    default void recordingChanged(RecordingState recording) {
    }

    /** The meeting was ended for everyone; the participant is no longer in it. Nothing to do by default. */
    default void meetingEnded() {
    }
}
