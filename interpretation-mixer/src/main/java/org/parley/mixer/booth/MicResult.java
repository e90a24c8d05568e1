package org.parley.mixer.booth;

/**
 * The outcome of a microphone or handover command; refusals say why, for the interpreter's console.
 *
 * @param status  what happened
 * @param message a human-readable explanation
 */
public record MicResult(Status status, String message) {

    /** What a microphone command did. */
    public enum Status {
        /** The microphone is now live. */
        GRANTED,
        /** It already was live; nothing changed. */
        ALREADY_LIVE,
        /** The microphone is now off (or already was). */
        RELEASED,
        /** A handover was offered and waits for the partner's acceptance. */
        HANDOVER_REQUESTED,
        /** The partner's microphone went off and this one on, crossfaded at the next frame boundary. */
        HANDED_OVER,
        /** Interlock: another microphone is live on the same outgoing channel. */
        REFUSED_CHANNEL_BUSY,
        /** Acceptance without a matching pending handover request. */
        REFUSED_NO_HANDOVER_PENDING,
        /** A handover from an interpreter whose microphone is not live. */
        REFUSED_NOT_LIVE,
        /** The interpreter does not belong to this booth. */
        REFUSED_NOT_IN_BOOTH
    }

    /** Whether the command took effect (or had nothing to do). */
    public boolean accepted() {
        return switch (status) {
            case GRANTED, ALREADY_LIVE, RELEASED, HANDOVER_REQUESTED, HANDED_OVER -> true;
            default -> false;
        };
    }
}
