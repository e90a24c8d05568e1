package org.parley.signaling.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.parley.signaling.auth.Role;
import org.parley.signaling.auth.TokenClaims;
import org.parley.signaling.auth.TokenFailure;
import org.parley.signaling.config.SignalingLimits;

/**
 * Who is in a meeting on which invitation, so that an invitation that stops admitting people (revoked
 * by an operator, or past its expiry) also ends the connections and calls that came in with it: a
 * token is checked at the door, and this is what makes it count for the whole stay. It is also what
 * bounds how many are in at once on one invitation ({@code limits.joinsPerInvitation}, so that one
 * delegate's token cannot fill every SIP slot or join a meeting a hundred times): the count and the
 * admission are one step under this object's lock, so concurrent joins cannot overshoot. Thread-safe.
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
    /** How many may be in at once on one invitation of a role. */
    private final ToIntFunction<Role> maxUses;
    /** By participant id: one stay per participant. */
    private final Map<String, Stay> stays = new ConcurrentHashMap<>();
    /** Stays by invitation id; changed with {@link #stays} under this object's lock. */
    private final Map<String, Integer> uses = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-invitation-expiry").daemon().factory());

    /** No bound on the participants per invitation. */
    public InvitationHolders(Clock clock) {
        this(clock, role -> Integer.MAX_VALUE);
    }

    /** At most {@code limits.joinsPerInvitation(role)} participants in at once on one invitation. */
    public InvitationHolders(Clock clock, SignalingLimits limits) {
        this(clock, limits::joinsPerInvitation);
    }

    private InvitationHolders(Clock clock, ToIntFunction<Role> maxUses) {
        this.clock = clock;
        this.maxUses = maxUses;
    }

    /**
     * {@code participantId} joined with {@code claims}; it is ended when they expire unless it left before.
     *
     * @throws InvitationInUseException if the invitation has as many participants in as its role may
     *                                  have: nothing is kept, the caller must not let the participant in
     */
    public void admitted(String participantId, TokenClaims claims, Holder holder) {
        String invitationId = claims.invitationId();
        Stay previous;
        synchronized (this) {
            int inUse = uses.getOrDefault(invitationId, 0);
            Stay same = stays.get(participantId);
            boolean again = same != null && same.invitationId.equals(invitationId);
            if (!again && inUse >= maxUses.applyAsInt(claims.role())) {
                throw new InvitationInUseException(invitationId, inUse, SignalingLimits.joinsPerInvitationKey(claims.role()));
            }
            long delayMillis = Math.max(0, Duration.between(clock.instant(), claims.expiresAt()).toMillis());
            String message = "invitation " + invitationId + " expired at " + claims.expiresAt();
            ScheduledFuture<?> expiry = timer.schedule(() -> end(participantId, TokenFailure.EXPIRED, message),
                    delayMillis, TimeUnit.MILLISECONDS);
            previous = stays.put(participantId, new Stay(invitationId, holder, expiry));
            if (previous != null) {
                release(previous);
            }
            uses.merge(invitationId, 1, Integer::sum);
        }
        if (previous != null) {
            previous.expiry.cancel(false);
        }
    }

    /** The participant left by itself (or was ended): nothing more to do for it. */
    public void left(String participantId) {
        Stay stay = remove(participantId);
        if (stay != null) {
            stay.expiry.cancel(false);
        }
    }

    /** How many participants are in on {@code invitationId} now. */
    public synchronized int inUse(String invitationId) {
        return uses.getOrDefault(invitationId, 0);
    }

    private synchronized Stay remove(String participantId) {
        Stay stay = stays.remove(participantId);
        if (stay != null) {
            release(stay);
        }
        return stay;
    }

    /** Under the lock: one use fewer of the stay's invitation. */
    private void release(Stay stay) {
        uses.computeIfPresent(stay.invitationId, (id, count) -> count > 1 ? count - 1 : null);
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
        Stay stay = remove(participantId);
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
