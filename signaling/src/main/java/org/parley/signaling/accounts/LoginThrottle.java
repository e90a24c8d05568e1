package org.parley.signaling.accounts;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Bounds password guessing: a token bucket per account name and one per source address, each login
 * attempt taking a token from both before any hashing, a successful one giving them back (only
 * failures use the budget, so people who log in often are never held up). Per account, 5 tries then
 * one a minute: an online guesser gets about 1,440 tries a day at one account, whatever number of
 * addresses it has. Per source, 20 tries then one every 6 s: one address cannot sweep many accounts.
 * An IPv6 source counts by its /64 prefix, which one host usually owns whole (RFC 6177).
 *
 * <p>The price of the per-account bucket: someone who knows an account's name can keep it from
 * logging in by password for as long as it keeps guessing (the admin key still works, and the owner
 * can ask the admin). The buckets kept are bounded; full ones are forgotten first, and when even that
 * is not enough, new names or sources are refused until some refill (counted like any refusal).
 */
public final class LoginThrottle {

    /** What a login attempt may do. */
    public enum Verdict { ALLOWED, ACCOUNT_LIMITED, SOURCE_LIMITED }

    /**
     * @param verdict           whether the attempt may check its password
     * @param retryAfterSeconds for a refusal, when a try will be allowed again (the {@code Retry-After} header)
     */
    public record Decision(Verdict verdict, long retryAfterSeconds) {
        public boolean allowed() {
            return verdict == Verdict.ALLOWED;
        }
    }

    /** A bucket's size and how long one token takes to come back. */
    public record Limit(int burst, Duration refillEvery) {
    }

    public static final Limit PER_ACCOUNT = new Limit(5, Duration.ofMinutes(1));
    public static final Limit PER_SOURCE = new Limit(20, Duration.ofSeconds(6));
    /** Buckets kept per kind; a full bucket holds nothing worth keeping and is forgotten first. */
    static final int MAX_TRACKED = 10_000;

    private final Limit perAccount;
    private final Limit perSource;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> accounts = new HashMap<>();
    private final Map<String, Bucket> sources = new HashMap<>();

    public LoginThrottle() {
        this(PER_ACCOUNT, PER_SOURCE, System::nanoTime);
    }

    LoginThrottle(Limit perAccount, Limit perSource, LongSupplier nanoTime) {
        this.perAccount = perAccount;
        this.perSource = perSource;
        this.nanoTime = nanoTime;
    }

    /** Takes a token from both buckets of this attempt, or says which one is empty (taking none). */
    public synchronized Decision attempt(String account, InetAddress source) {
        long now = nanoTime.getAsLong();
        Bucket sourceBucket = bucket(sources, sourceKey(source), perSource, now);
        if (sourceBucket == null || sourceBucket.tokens < 1) {
            return new Decision(Verdict.SOURCE_LIMITED, retryAfter(sourceBucket, perSource));
        }
        Bucket accountBucket = bucket(accounts, account.toLowerCase(Locale.ROOT), perAccount, now);
        if (accountBucket == null || accountBucket.tokens < 1) {
            return new Decision(Verdict.ACCOUNT_LIMITED, retryAfter(accountBucket, perAccount));
        }
        sourceBucket.tokens -= 1;
        accountBucket.tokens -= 1;
        return new Decision(Verdict.ALLOWED, 0);
    }

    /** The attempt was right: gives back what {@link #attempt} took. */
    public synchronized void succeeded(String account, InetAddress source) {
        long now = nanoTime.getAsLong();
        refund(sources.get(sourceKey(source)), perSource, now);
        refund(accounts.get(account.toLowerCase(Locale.ROOT)), perAccount, now);
    }

    private static void refund(Bucket bucket, Limit limit, long now) {
        if (bucket != null) {
            bucket.refill(limit, now);
            bucket.tokens = Math.min(limit.burst(), bucket.tokens + 1);
        }
    }

    /** The bucket of {@code key}, refilled to {@code now}; null when it is new and no room is left for it. */
    private static Bucket bucket(Map<String, Bucket> buckets, String key, Limit limit, long now) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= MAX_TRACKED) {
                buckets.values().removeIf(each -> {
                    each.refill(limit, now);
                    return each.tokens >= limit.burst();
                });
                if (buckets.size() >= MAX_TRACKED) {
                    return null;
                }
            }
            bucket = new Bucket(limit.burst(), now);
            buckets.put(key, bucket);
        }
        bucket.refill(limit, now);
        return bucket;
    }

    private static long retryAfter(Bucket bucket, Limit limit) {
        double missing = bucket == null ? 1 : 1 - bucket.tokens;
        return Math.max(1, (long) Math.ceil(missing * limit.refillEvery().toNanos() / 1e9));
    }

    /** An IPv4 address as it is; an IPv6 one by its /64 prefix. */
    static String sourceKey(InetAddress source) {
        byte[] bytes = source.getAddress();
        if (source instanceof Inet6Address) {
            StringBuilder prefix = new StringBuilder("v6:");
            for (int i = 0; i < 8; i++) {
                prefix.append(String.format("%02x", bytes[i]));
            }
            return prefix.toString();
        }
        return source.getHostAddress();
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        void refill(Limit limit, long now) {
            long elapsed = now - updatedNanos;
            if (elapsed > 0) {
                tokens = Math.min(limit.burst(), tokens + (double) elapsed / limit.refillEvery().toNanos());
                updatedNanos = now;
            }
        }
    }
}
