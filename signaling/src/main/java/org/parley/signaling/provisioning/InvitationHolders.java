package org.parley.signaling.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.signaling.auth.TokenClaims;
import org.parley.signaling.auth.TokenFailure;

/**
 * Who is in a meeting on which invitation, so that an invitation that stops admitting people (revoked
 * by an operator, or past its expiry) also ends the connections and calls that came in with it: a
 * token is checked at the door, and this is what makes it count for the whole stay. Thread-safe.
 */
public final class InvitationHolders implements AutoCloseable {

    /** A WebSocket session or a SIP call that joined with an invitation's token. */
    public interface Holder {
        /**
         * The invitation no longer admits anyone: leave the meeting, tell the client {@code why} and
         * disconnect. Called on any thread; must not block.
         */
        void invitationEnded(TokenFailure why, String message);
    }

    private record Stay(String invitationId, Holder holder, ScheduledFuture<?> expiry) {
    }

    private final Clock clock;
    /** By participant id: one stay per participant. */
    private final Map<String, Stay> stays = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-invitation-expiry").daemon().factory());

    public InvitationHolders(Clock clock) {
        this.clock = clock;
    }

    /** {@code participantId} joined with {@code claims}; it is ended when they expire unless it left before. */
    public void admitted(String participantId, TokenClaims claims, Holder holder) {
        long delayMillis = Math.max(0, Duration.between(clock.instant(), claims.expiresAt()).toMillis());
        String message = "invitation " + claims.invitationId() + " expired at " + claims.expiresAt();
        ScheduledFuture<?> expiry = timer.schedule(() -> end(participantId, TokenFailure.EXPIRED, message),
                delayMillis, TimeUnit.MILLISECONDS);
        Stay previous = stays.put(participantId, new Stay(claims.invitationId(), holder, expiry));
        if (previous != null) {
            previous.expiry.cancel(false);
        }
    }

    /** The participant left by itself (or was ended): nothing more to do for it. */
    public void left(String participantId) {
        Stay stay = stays.remove(participantId);
        if (stay != null) {
            stay.expiry.cancel(false);
        }
    }

    /**
     * Ends everyone who is in on {@code invitationId}.
     *
     * @return how many were ended
     */
    public int revoked(String invitationId) {
        List<String> holding = stays.entrySet().stream()
                .filter(entry -> entry.getValue().invitationId.equals(invitationId))
                .map(Map.Entry::getKey)
                .toList();
        String message = "invitation " + invitationId + " has been revoked";
        int ended = 0;
        for (String participantId : holding) {
            if (end(participantId, TokenFailure.REVOKED, message)) {
                ended++;
            }
        }
        return ended;
    }

    /** How many participants are in on an invitation now. */
    public int size() {
        return stays.size();
    }

    private boolean end(String participantId, TokenFailure why, String message) {
        Stay stay = stays.remove(participantId);
        if (stay == null) {
            return false;
        }
        stay.expiry.cancel(false);
        stay.holder.invitationEnded(why, message);
        return true;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
