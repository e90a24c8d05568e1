package org.parley.signaling.sip;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random tags and branches (RFC 3261 §19.3: at least 32 bits of randomness; globally unique branches, §8.1.1.7). */
final class SipTags {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String STATELESS_PREFIX = "sl";

    private SipTags() {
    }

    /** A fresh From/To tag. */
    static String next() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * A To tag for a response sent without a transaction: its ACK finds no transaction to end and is
     * recognised by this prefix instead, with nothing kept (RFC 3261 §17.2.3).
     */
    static String stateless() {
        return STATELESS_PREFIX + next();
    }

    /** Whether {@code toTag} (possibly null) is one of {@link #stateless()}'s. */
    static boolean isStateless(String toTag) {
        return toTag != null && toTag.startsWith(STATELESS_PREFIX);
    }

    /** A fresh Via branch with the RFC 3261 magic cookie. */
    static String branch() {
        return SipVia.MAGIC_COOKIE + next();
    }
}
