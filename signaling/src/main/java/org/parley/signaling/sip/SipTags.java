package org.parley.signaling.sip;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random tags and branches (RFC 3261 §19.3: at least 32 bits of randomness; globally unique branches, §8.1.1.7). */
final class SipTags {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SipTags() {
    }

    /** A fresh From/To tag. */
    static String next() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A fresh Via branch with the RFC 3261 magic cookie. */
    static String branch() {
        return SipVia.MAGIC_COOKIE + next();
    }
}
