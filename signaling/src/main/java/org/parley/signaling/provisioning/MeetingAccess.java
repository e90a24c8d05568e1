package org.parley.signaling.provisioning;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.parley.signaling.auth.Role;
import org.parley.signaling.auth.TokenClaims;
import org.parley.signaling.auth.TokenException;
import org.parley.signaling.auth.TokenVerifier;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.statistics.Access;
import org.parley.signaling.statistics.LeaveReason;
import org.parley.signaling.statistics.LiveParticipation;
import org.parley.signaling.statistics.ParticipationStatistics;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.store.ParticipationRecord;
import org.parley.signaling.store.StoreException;

/**
 * The side of provisioning that signaling sessions see: who a token admits, the participation log and
 * the statistics, and ending a meeting. Thread-safe. The log and the statistics are written on the
 * store's own thread: joins and leaves only queue their rows and never wait for the disk, and a
 * participant is never turned away because they could not be written (failures are retried, then
 * counted and logged by the store).
 */
public final class MeetingAccess {

    private final TokenVerifier verifier;
    private final ParleyStore store;
    private final InvitationHolders holders;
    private final ParticipationStatistics statistics;
    private final Clock clock;

    public MeetingAccess(TokenVerifier verifier, ParleyStore store, InvitationHolders holders,
                         ParticipationStatistics statistics, Clock clock) {
        this.verifier = verifier;
        this.store = store;
        this.holders = holders;
        this.statistics = statistics;
        this.clock = clock;
    }

    /**
     * What the token admits to.
     *
     * @param requestedMeeting the meeting the client named next to the token, or null
     */
    public TokenClaims admit(String token, String requestedMeeting) throws TokenException {
        return verifier.verify(token, requestedMeeting);
    }

    /**
     * Logs a join and records it in the statistics and, for a join with a token, keeps {@code holder} to
     * end it when the invitation is revoked or expires; {@code claims} is null for an anonymous join of an
     * open meeting. Sessions call it before sending {@code joined}, with the meeting locked: it queues the
     * rows and returns at once.
     *
     * @return the participation's statistics, which the caller keeps told of the language channels it plays
     */
    public LiveParticipation joined(Participant participant, Role role, TokenClaims claims,
                                    InvitationHolders.Holder holder, Access access) {
        String invitationId = claims == null ? null : claims.invitationId();
        if (claims != null) {
            holders.admitted(participant.id(), claims, holder);
        }
        store.participation().joined(new ParticipationRecord(participant.id(), participant.meeting().id(), invitationId,
                role.wireName(), participant.name(), clock.instant(), null, Map.of()));
        return statistics.joined(participant, role, access, invitationId);
    }

    /** Logs a leave with the time spent on each channel, and records it and its reason in the statistics. */
    public void left(Participant participant, Map<String, Long> channelMillis, LeaveReason reason) {
        holders.left(participant.id());
        store.participation().left(participant.id(), clock.instant(), channelMillis);
        statistics.left(participant.id(), reason);
    }

    /**
     * Records the end on the store's thread, if the meeting is a stored one (so that it stays ended after a
     * restart), then ends the meeting for everyone but {@code endedBy} (who ends it and is answered by its
     * session). The future completes on the store's thread; it fails with a {@link StoreException} when the
     * end could not be recorded, and the meeting then goes on.
     */
    public CompletableFuture<Void> end(Meeting meeting, Participant endedBy) {
        return store.writer().submit("end meeting " + meeting.id(),
                        () -> store.meetings().markEnded(meeting.id(), clock.instant()))
                .thenRun(() -> meeting.end(endedBy));
    }
}
