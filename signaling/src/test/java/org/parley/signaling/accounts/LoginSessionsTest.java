package org.parley.signaling.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Session ids, their server-side expiry and the cookie's attributes. */
class LoginSessionsTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final LoginSessions sessions = new LoginSessions(new SecureRandom(), clock);

    @Test
    void idsAreRandom256BitValues() {
        String first = sessions.start("ana", AccountRole.ORGANISER);
        String second = sessions.start("ana", AccountRole.ORGANISER);
        assertNotEquals(first, second);
        assertEquals(32, Base64.getUrlDecoder().decode(first).length);
        assertEquals("ana", sessions.find(first).orElseThrow().account());
        assertTrue(sessions.find(first + "x").isEmpty());
        assertTrue(sessions.find(null).isEmpty());
    }

    @Test
    void aSessionEndsWhenIdleOrOldOrLoggedOut() {
        String idle = sessions.start("ana", AccountRole.ORGANISER);
        clock.advance(LoginSessions.IDLE.minusSeconds(1));
        assertTrue(sessions.find(idle).isPresent(), "used just in time: the idle clock starts again");
        clock.advance(LoginSessions.IDLE.minusSeconds(1));
        assertTrue(sessions.find(idle).isPresent());
        clock.advance(LoginSessions.IDLE);
        assertTrue(sessions.find(idle).isEmpty(), "idle too long");

        String busy = sessions.start("ana", AccountRole.ORGANISER);
        Instant started = clock.instant();
        while (clock.instant().isBefore(started.plus(LoginSessions.ABSOLUTE).minusSeconds(60))) {
            assertTrue(sessions.find(busy).isPresent());
            clock.advance(Duration.ofMinutes(30));
        }
        clock.set(started.plus(LoginSessions.ABSOLUTE));
        assertTrue(sessions.find(busy).isEmpty(), "twelve hours after login, however busy");

        String out = sessions.start("ana", AccountRole.ORGANISER);
        sessions.end(out);
        assertTrue(sessions.find(out).isEmpty());
    }

    @Test
    void aPasswordChangeEndsEverySessionOfTheAccount() {
        String one = sessions.start("ana", AccountRole.ORGANISER);
        String two = sessions.start("ana", AccountRole.ORGANISER);
        String other = sessions.start("bea", AccountRole.OPERATOR);
        sessions.endAll("ana");
        assertTrue(sessions.find(one).isEmpty());
        assertTrue(sessions.find(two).isEmpty());
        assertTrue(sessions.find(other).isPresent());
    }

    @Test
    void anAccountKeepsItsNewestSessions() {
        String oldest = sessions.start("ana", AccountRole.ORGANISER);
        for (int i = 1; i < LoginSessions.MAX_PER_ACCOUNT; i++) {
            clock.advance(Duration.ofSeconds(1));
            sessions.start("ana", AccountRole.ORGANISER);
        }
        assertTrue(sessions.find(oldest).isPresent());
        clock.advance(Duration.ofSeconds(1));
        sessions.start("ana", AccountRole.ORGANISER);
        assertTrue(sessions.find(oldest).isEmpty(), "the oldest made room");
        assertEquals(LoginSessions.MAX_PER_ACCOUNT, sessions.size());
    }

    @Test
    void theCookieIsHttpOnlyStrictAndSecureOverHttps() {
        String plain = LoginSessions.cookie("abc", false);
        assertEquals("parley_session=abc; Path=/api; HTTPOnly; SameSite=Strict", plain);
        assertTrue(LoginSessions.cookie("abc", true).contains("; Secure"));
        assertTrue(LoginSessions.clearingCookie(true).contains("Max-Age=0"));
        assertEquals("abc", LoginSessions.idFrom("theme=dark; parley_session=abc"));
        assertNull(LoginSessions.idFrom("theme=dark"));
        assertNull(LoginSessions.idFrom(null));
    }
}
