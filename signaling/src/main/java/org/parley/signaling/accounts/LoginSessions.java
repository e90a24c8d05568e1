package org.parley.signaling.accounts;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logged-in sessions of accounts, kept in memory on the server: a session is a random 256-bit id
 * in an {@code HttpOnly}, {@code SameSite=Strict} cookie ({@code Secure} when the site is served over
 * https), scoped to {@code /api}. It ends after {@link #IDLE} without a request, {@link #ABSOLUTE} after
 * the login whatever happens, at logout, and when the account's password changes or the account is
 * deleted. The expiry is the server's: the cookie itself carries none (it goes when the browser closes).
 * A restart ends every session (they are not stored: nothing to steal from a backup).
 *
 * <p>The map is keyed by the SHA-256 of the id, so a lookup's timing says nothing about how much of a
 * guessed id is right; each account has at most {@link #MAX_PER_ACCOUNT} sessions (the oldest goes),
 * and the server at most {@link #MAX_SESSIONS}.
 */
public final class LoginSessions {

    public static final String COOKIE = "parley_session";
    /** The cookie's path: only API requests carry it. */
    public static final String COOKIE_PATH = "/api";
    public static final Duration IDLE = Duration.ofHours(2);
    public static final Duration ABSOLUTE = Duration.ofHours(12);
    static final int MAX_PER_ACCOUNT = 20;
    static final int MAX_SESSIONS = 10_000;
    private static final int ID_BYTES = 32;

    /** A logged-in account. */
    public record Session(String account, AccountRole role, Instant createdAt, Instant expiresAt) {
    }

    private static final class Entry {
        final Session session;
        volatile Instant lastUsed;

        Entry(Session session) {
            this.session = session;
            this.lastUsed = session.createdAt();
        }
    }

    private final Map<String, Entry> byIdHash = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Clock clock;

    public LoginSessions(SecureRandom random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** Starts a session and returns its id (the cookie's value). */
    public synchronized String start(String account, AccountRole role) {
        Instant now = clock.instant();
        sweep(now);
        evictBeyond(account, MAX_PER_ACCOUNT - 1);
        if (byIdHash.size() >= MAX_SESSIONS) {
            evictOldest(null);
        }
        byte[] bytes = new byte[ID_BYTES];
        random.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byIdHash.put(hash(id), new Entry(new Session(account, role, now, now.plus(ABSOLUTE))));
        return id;
    }

    /** The live session of {@code id} (null: none), which counts as used now. */
    public Optional<Session> find(String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        String key = hash(id);
        Entry entry = byIdHash.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(entry, now)) {
            byIdHash.remove(key, entry);
            return Optional.empty();
        }
        entry.lastUsed = now;
        return Optional.of(entry.session);
    }

    /** Ends the session of {@code id}, if there is one. */
    public void end(String id) {
        if (id != null && id.length() <= 100) {
            byIdHash.remove(hash(id));
        }
    }

    /** Ends every session of {@code account}: its password changed or it was deleted. */
    public synchronized void endAll(String account) {
        evictBeyond(account, 0);
    }

    /** Sessions live now, for tests and the metrics gauge. */
    public int size() {
        return byIdHash.size();
    }

    /** The session id in a request's {@code Cookie} header, or null. */
    public static String idFrom(String cookieHeader) {
        if (cookieHeader == null) {
            return null;
        }
        for (Cookie cookie : ServerCookieDecoder.STRICT.decode(cookieHeader)) {
            if (cookie.name().equals(COOKIE)) {
                return cookie.value();
            }
        }
        return null;
    }

    /** The {@code Set-Cookie} value that hands out {@code id}. */
    public static String cookie(String id, boolean secure) {
        return ServerCookieEncoder.STRICT.encode(baseCookie(id, secure));
    }

    /** The {@code Set-Cookie} value that makes the browser forget the session cookie (RFC 6265 §3.1). */
    public static String clearingCookie(boolean secure) {
        DefaultCookie cookie = baseCookie("", secure);
        cookie.setMaxAge(0);
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    private static DefaultCookie baseCookie(String value, boolean secure) {
        DefaultCookie cookie = new DefaultCookie(COOKIE, value);
        cookie.setPath(COOKIE_PATH);
        cookie.setHttpOnly(true);
        cookie.setSecure(secure);
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        return cookie;
    }

    private boolean expired(Entry entry, Instant now) {
        return !now.isBefore(entry.session.expiresAt()) || !now.isBefore(entry.lastUsed.plus(IDLE));
    }

    private void sweep(Instant now) {
        byIdHash.values().removeIf(entry -> expired(entry, now));
    }

    /** Ends the oldest sessions of {@code account} until it has at most {@code keep}. */
    private void evictBeyond(String account, int keep) {
        while (true) {
            long count = byIdHash.values().stream().filter(entry -> entry.session.account().equals(account)).count();
            if (count <= keep) {
                return;
            }
            evictOldest(account);
        }
    }

    /** Ends the oldest session (of {@code account}, or of anyone when null). */
    private void evictOldest(String account) {
        String oldestKey = null;
        Instant oldest = null;
        for (Iterator<Map.Entry<String, Entry>> it = byIdHash.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> each = it.next();
            Session session = each.getValue().session;
            if ((account == null || session.account().equals(account))
                    && (oldest == null || session.createdAt().isBefore(oldest))) {
                oldest = session.createdAt();
                oldestKey = each.getKey();
            }
        }
        if (oldestKey != null) {
            byIdHash.remove(oldestKey);
        }
    }

    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
