package org.parley.signaling.auth;

/**
 * Tells what became of an invitation, and with it of every token issued for it: a token admits its
 * bearer only while its invitation exists and has not been revoked. Invitation ids are random, so an
 * id that is no longer known (its meeting was deleted, perhaps recreated under the same meeting id)
 * never comes back to life.
 */
@FunctionalInterface
public interface InvitationStatus {

    enum State {
        /** Issued, not revoked, its meeting not deleted. */
        LIVE,
        /** Revoked by an operator; a tombstone kept for as long as the meeting exists. */
        REVOKED,
        /** Never issued here, or its meeting has been deleted. */
        UNKNOWN
    }

    /** Must not block: it is asked on a connection's event loop. */
    State state(String invitationId);
}
