package org.parley.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(123_456_789L);

    @Test
    void burstThenRefillAtTheRate() {
        TokenBucket bucket = new TokenBucket(50, 100, now::get);
        for (int i = 0; i < 100; i++) {
            assertTrue(bucket.tryTake(), "token " + i);
        }
        assertFalse(bucket.tryTake());

        now.addAndGet(19_000_000L); // 19 ms: 0.95 of a token at 50/s
        assertFalse(bucket.tryTake());
        now.addAndGet(1_000_000L); // 20 ms in all: one token
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
    }

    @Test
    void neverHoldsMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(50, 3, now::get);
        now.addAndGet(3_600_000_000_000L); // an idle hour
        assertTrue(bucket.tryTake());
        assertTrue(bucket.tryTake());
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 10, now::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(10, 0, now::get));
    }
}
