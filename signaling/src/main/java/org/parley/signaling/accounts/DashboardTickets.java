package org.parley.signaling.accounts;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a login session over to the operator dashboard's WebSocket, which does not carry the session
 * cookie (its path is {@code /api}, and a cookie on the upgrade would let any page that opens a socket
 * here ride the login). The organiser page's script asks {@code POST /api/session/dashboard-ticket}
 * (cookie plus {@code Origin}, like every state-changing cookie request) for a ticket, and sends it in
 * {@code watchDashboard {ticket}}: a random 128-bit value that opens one dashboard view, once, within
 * {@link #LIFETIME}, for the session it was issued to. The view it opens stays bound to that session: it
 * closes when the session ends (logout, password change, account deleted, expiry).
 *
 * <p>Kept in memory like the sessions, keyed by the SHA-256 of the ticket ({@link LoginSessions#hash}),
 * at most {@link #MAX_TICKETS} on the server. Thread-safe.
 */
public final class DashboardTickets {

    /** How long a ticket may wait for its {@code watchDashboard}: long enough to open a socket, no more. */
    public static final Duration LIFETIME = Duration.ofSeconds(30);
    static final int MAX_TICKETS = 1_000;
    private static final int TICKET_BYTES = 16;

    /** A ticket handed out: its value (shown once) and when it stops opening anything. */
    public record Issued(String ticket, Instant expiresAt) {
    }

    /**
     * What a redeemed ticket opens: the session's account, and the meetings it owned when the ticket was
     * issued (read on the store's thread then, so the view starts with them). {@link #session} says
     * whether the session still lives.
     */
    public final class Grant {
        private final String sessionId;
        private final String account;
        private final AccountRole role;
        private final Set<String> ownedAtIssue;

        private Grant(String sessionId, String account, AccountRole role, Set<String> ownedAtIssue) {
            this.sessionId = sessionId;
            this.account = account;
            this.role = role;
            this.ownedAtIssue = Set.copyOf(ownedAtIssue);
        }

        public String account() {
            return account;
        }

        public AccountRole role() {
            return role;
        }

        public Set<String> ownedAtIssue() {
            return ownedAtIssue;
        }

        /** The session the ticket came from while it lives (and counts as used: a watched view keeps it). */
        public Optional<LoginSessions.Session> session() {
            return sessions.find(sessionId).filter(session -> session.account().equals(account));
        }
    }

    private record Pending(Grant grant, Instant expiresAt) {
    }

    private final Map<String, Pending> byHash = new ConcurrentHashMap<>();
    private final LoginSessions sessions;
    private final SecureRandom random;
    private final Clock clock;

    public DashboardTickets(LoginSessions sessions, SecureRandom random, Clock clock) {
        this.sessions = sessions;
        this.random = random;
        this.clock = clock;
    }

    /**
     * A ticket for the live session {@code sessionId}.
     *
     * @param ownedMeetings the meetings the session's account owns now (empty for an operator)
     * @return empty when the session has ended
     */
    public synchronized Optional<Issued> issue(String sessionId, Set<String> ownedMeetings) {
        Optional<LoginSessions.Session> session = sessions.find(sessionId);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        byHash.values().removeIf(pending -> !now.isBefore(pending.expiresAt()));
        while (byHash.size() >= MAX_TICKETS) {
            byHash.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.expiresAt().compareTo(b.expiresAt())))
                    .ifPresent(oldest -> byHash.remove(oldest.getKey()));
        }
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(LIFETIME);
        byHash.put(LoginSessions.hash(ticket), new Pending(
                new Grant(sessionId, session.get().account(), session.get().role(), ownedMeetings), expiresAt));
        return Optional.of(new Issued(ticket, expiresAt));
    }

    /**
     * Spends {@code ticket}: what it opens, if it is one of ours, unspent, unexpired, and its session still
     * lives. Whatever the answer, the ticket opens nothing afterwards.
     */
    public Optional<Grant> redeem(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > 100) {
            return Optional.empty();
        }
        Pending pending = byHash.remove(LoginSessions.hash(ticket));
        if (pending == null || !clock.instant().isBefore(pending.expiresAt())) {
            return Optional.empty();
        }
        return pending.grant().session().isPresent() ? Optional.of(pending.grant()) : Optional.empty();
    }

    /** Tickets waiting to be spent, for tests. */
    int size() {
        return byHash.size();
    }
}
