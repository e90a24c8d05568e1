package org.parley.signaling.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** The provisioning API's shared secret, presented as {@code Authorization: Bearer <key>} (RFC 6750 §2.1). */
public final class AdminKey {

    private static final String BEARER = "Bearer ";

    private final String key;
    private final byte[] keyBytes;

    public AdminKey(String key) {
        this.key = key;
        this.keyBytes = key.getBytes(StandardCharsets.UTF_8);
    }

    /** A fresh random key of 32 bytes, base64url. */
    public static AdminKey generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new AdminKey(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The key itself, to show an operator once at start. */
    public String value() {
        return key;
    }

    /** Whether an {@code Authorization} header value (null when absent) carries this key. */
    public boolean authorizes(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return matches(authorization.substring(BEARER.length()).strip());
    }

    /** Whether {@code presented} (null when absent) is this key. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        // Constant time for equal lengths; the length of the key is no secret worth hiding.
        return MessageDigest.isEqual(keyBytes, presented.getBytes(StandardCharsets.UTF_8));
    }
}
