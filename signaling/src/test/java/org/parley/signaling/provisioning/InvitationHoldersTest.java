package org.parley.signaling.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.parley.signaling.auth.Role;
import org.parley.signaling.auth.TokenClaims;
import org.parley.signaling.config.SignalingLimits;

/** The count of participants per invitation that {@code limits.joinsPerInvitation} bounds. */
class InvitationHoldersTest {

    private static final Instant LATER = Instant.now().plus(1, ChronoUnit.HOURS);
    private final SignalingLimits limits = new SignalingLimits(50, 100).withJoinsPerInvitation(3, 5);

    private static TokenClaims claims(Role role, String invitationId) {
        return new TokenClaims("m", role, null, invitationId, "n", LATER);
    }

    @Test
    void theBoundIsPerInvitationAndByRoleAndLeavingFreesASeat() {
        try (InvitationHolders holders = new InvitationHolders(Clock.systemUTC(), limits)) {
            for (int i = 0; i < 3; i++) {
                holders.admitted("d" + i, claims(Role.DELEGATE, "i-1"), (why, message) -> { });
            }
            InvitationInUseException refused = assertThrows(InvitationInUseException.class,
                    () -> holders.admitted("d3", claims(Role.DELEGATE, "i-1"), (why, message) -> { }));
            assertEquals(SignalingLimits.JOINS_PER_INVITATION, refused.limit());
            assertEquals("invitation i-1 is in use by 3 participants", refused.getMessage());
            assertEquals(3, holders.size(), "nothing kept of the refused one");

            holders.admitted("x", claims(Role.DELEGATE, "i-2"), (why, message) -> { }); // its own budget
            for (int i = 0; i < 5; i++) {
                holders.admitted("o" + i, claims(Role.OBSERVER, "i-3"), (why, message) -> { });
            }
            assertEquals(SignalingLimits.JOINS_PER_OBSERVER_INVITATION, assertThrows(InvitationInUseException.class,
                    () -> holders.admitted("o5", claims(Role.OBSERVER, "i-3"), (why, message) -> { })).limit());

            holders.left("d0");
            holders.admitted("d3", claims(Role.DELEGATE, "i-1"), (why, message) -> { });
            assertEquals(3, holders.inUse("i-1"));
            assertEquals(3, holders.revoked("i-1"));
            assertEquals(0, holders.inUse("i-1"), "revocation frees every seat");
        }
    }

    @Test
    void concurrentAdmissionsNeverOvershoot() throws Exception {
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (InvitationHolders holders = new InvitationHolders(Clock.systemUTC(), limits)) {
            for (int round = 0; round < 50; round++) {
                String invitation = "i-" + round;
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger admitted = new AtomicInteger();
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String participant = round + "/" + t;
                    done.add(pool.submit(() -> {
                        go.await();
                        try {
                            holders.admitted(participant, claims(Role.DELEGATE, invitation), (why, message) -> { });
                            admitted.incrementAndGet();
                        } catch (InvitationInUseException e) {
                            // the bound held
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> future : done) {
                    future.get(10, TimeUnit.SECONDS);
                }
                assertEquals(3, admitted.get(), "round " + round);
                assertEquals(3, holders.inUse(invitation));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
