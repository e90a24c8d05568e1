package org.parley.signaling.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The login throttle's buckets, on a clock the test turns. */
class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong();
    private final LoginThrottle throttle = new LoginThrottle(LoginThrottle.PER_ACCOUNT, LoginThrottle.PER_SOURCE, now::get);

    @Test
    void fiveFailuresThenOneAMinutePerAccount() throws Exception {
        InetAddress source = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 5; i++) {
            assertTrue(throttle.attempt("ana", source).allowed(), "try " + i);
        }
        LoginThrottle.Decision refused = throttle.attempt("ANA", source);
        assertEquals(LoginThrottle.Verdict.ACCOUNT_LIMITED, refused.verdict(), "names compare without case");
        assertEquals(60, refused.retryAfterSeconds());
        assertTrue(throttle.attempt("bea", source).allowed(), "another account is not held up");
        // From another address too: the limit is the account's.
        assertEquals(LoginThrottle.Verdict.ACCOUNT_LIMITED, throttle.attempt("ana", InetAddress.getByName("198.51.100.7")).verdict());

        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals(30, throttle.attempt("ana", source).retryAfterSeconds());
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertTrue(throttle.attempt("ana", source).allowed(), "one more after a minute");
        assertEquals(LoginThrottle.Verdict.ACCOUNT_LIMITED, throttle.attempt("ana", source).verdict());
    }

    @Test
    void twentyFailuresFromOneSourceThenOneEverySixSeconds() throws Exception {
        InetAddress source = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 20; i++) {
            assertTrue(throttle.attempt("account-" + i, source).allowed(), "try " + i);
        }
        LoginThrottle.Decision refused = throttle.attempt("account-99", source);
        assertEquals(LoginThrottle.Verdict.SOURCE_LIMITED, refused.verdict());
        assertEquals(6, refused.retryAfterSeconds());
        assertTrue(throttle.attempt("account-99", InetAddress.getByName("192.0.2.2")).allowed());
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertTrue(throttle.attempt("account-99", source).allowed());
    }

    @Test
    void anIpv6SourceCountsByItsSlash64() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertTrue(throttle.attempt("a" + i, InetAddress.getByName("2001:db8:1:2::" + Integer.toHexString(i + 1))).allowed());
        }
        assertEquals(LoginThrottle.Verdict.SOURCE_LIMITED,
                throttle.attempt("b", InetAddress.getByName("2001:db8:1:2:ffff::9")).verdict(), "same /64");
        assertTrue(throttle.attempt("b", InetAddress.getByName("2001:db8:1:3::1")).allowed(), "another /64");
    }

    @Test
    void aSuccessGivesItsTokensBack() throws Exception {
        InetAddress source = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 50; i++) {
            assertTrue(throttle.attempt("ana", source).allowed(), "login " + i);
            throttle.succeeded("ana", source);
        }
    }
}
