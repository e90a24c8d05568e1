package org.parley.signaling.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Dashboard tickets: random, single use, short-lived, bound to a live session. */
class DashboardTicketsTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final LoginSessions sessions = new LoginSessions(new SecureRandom(), clock);
    private final DashboardTickets tickets = new DashboardTickets(sessions, new SecureRandom(), clock);

    @Test
    void aTicketIsRandomAndOpensOnceForItsSessionsAccount() {
        String session = sessions.start("ana", AccountRole.ORGANISER);
        DashboardTickets.Issued first = tickets.issue(session, Set.of("m-1")).orElseThrow();
        DashboardTickets.Issued second = tickets.issue(session, Set.of()).orElseThrow();
        assertNotEquals(first.ticket(), second.ticket());
        assertEquals(16, Base64.getUrlDecoder().decode(first.ticket()).length, "128 random bits");
        assertEquals(clock.instant().plus(DashboardTickets.LIFETIME), first.expiresAt());
        assertTrue(DashboardTickets.LIFETIME.toSeconds() <= 60);

        DashboardTickets.Grant grant = tickets.redeem(first.ticket()).orElseThrow();
        assertEquals("ana", grant.account());
        assertEquals(AccountRole.ORGANISER, grant.role());
        assertEquals(Set.of("m-1"), grant.ownedAtIssue());
        assertTrue(tickets.redeem(first.ticket()).isEmpty(), "spent");
        assertTrue(tickets.redeem(second.ticket() + "x").isEmpty(), "forged");
        assertTrue(tickets.redeem(second.ticket()).isPresent(), "a forged guess spends no real ticket");
    }

    @Test
    void anExpiredTicketOrOneOfAnEndedSessionOpensNothing() {
        String session = sessions.start("olu", AccountRole.OPERATOR);
        String late = tickets.issue(session, Set.of()).orElseThrow().ticket();
        clock.advance(DashboardTickets.LIFETIME);
        assertTrue(tickets.redeem(late).isEmpty(), "expired");

        String orphan = tickets.issue(session, Set.of()).orElseThrow().ticket();
        DashboardTickets.Grant open = tickets.redeem(tickets.issue(session, Set.of()).orElseThrow().ticket())
                .orElseThrow();
        assertTrue(open.session().isPresent());
        sessions.end(session);
        assertTrue(tickets.redeem(orphan).isEmpty(), "logged out before the ticket was spent");
        assertTrue(open.session().isEmpty(), "a view of an ended session learns it");
        assertTrue(tickets.issue(session, Set.of()).isEmpty(), "no ticket without a session");
        assertTrue(tickets.redeem(null).isEmpty());
    }

    @Test
    void ticketsAreBoundedAndSweptWhenExpired() {
        String session = sessions.start("olu", AccountRole.OPERATOR);
        for (int i = 0; i < DashboardTickets.MAX_TICKETS + 10; i++) {
            tickets.issue(session, Set.of());
        }
        assertEquals(DashboardTickets.MAX_TICKETS, tickets.size());
        clock.advance(DashboardTickets.LIFETIME);
        tickets.issue(session, Set.of());
        assertEquals(1, tickets.size(), "the expired ones went");
    }
}
