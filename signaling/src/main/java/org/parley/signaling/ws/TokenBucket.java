package org.parley.signaling.ws;

import java.util.function.LongSupplier;

/**
 * A token bucket: holds up to {@code burst} tokens, refilled at {@code ratePerSecond}; each message
 * takes one. Not thread-safe: one per connection, used on its event loop.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long lastRefill;

    TokenBucket(double ratePerSecond, int burst, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate " + ratePerSecond + " and burst " + burst + " must be positive");
        }
        this.ratePerNano = ratePerSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.lastRefill = nanoClock.getAsLong();
    }

    /** Takes a token if there is one. */
    boolean tryTake() {
        refill();
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Whether the bucket is full again, i.e. forgetting it would give nobody more than it has. */
    boolean full() {
        refill();
        return tokens >= burst;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerNano);
        lastRefill = now;
    }
}
