package org.parley.signaling.recording;

/** Why a recording could not be started or stopped; the protocol and the API map each reason to their error. */
public final class RecordingRefusal extends Exception {

    /** What went wrong. */
    public enum Reason {
        /** The meeting is being recorded already (start) or is not (stop). */
        CONFLICT,
        /** The meeting has ended. */
        MEETING_ENDED,
        /** This server has no media core, or it is shutting down. */
        UNAVAILABLE,
        /** The files could not be created. */
        FAILED
    }

    private final Reason reason;

    public RecordingRefusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
