package org.parley.media.ice;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MESSAGE-INTEGRITY value (RFC 5389 §15.4): HMAC-SHA1 keyed with the short-term credential password.
 */
final class MessageIntegrity {

    /** Length of the attribute value, an HMAC-SHA1. */
    static final int LENGTH = 20;

    private MessageIntegrity() {
    }

    /**
     * HMAC-SHA1 of {@code covered}, which must already hold the header with its length field adjusted to end
     * at the MESSAGE-INTEGRITY attribute. The caller keeps ownership of {@code covered}; its position moves.
     */
    static byte[] compute(byte[] key, ByteBuffer covered) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(covered);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Every Java SE platform must provide HmacSHA1; this cannot happen on a conforming JDK.
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
