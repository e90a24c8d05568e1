package org.parley.media.srtp;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * HMAC-SHA1 (RFC 2104) over a caller-owned output array.
 *
 * <p>{@code javax.crypto.Mac.doFinal(byte[], int)} allocates the MAC it then copies out, once per
 * packet; this class drives {@link MessageDigest} directly, which writes into the given array and
 * allocates nothing. It costs the same SHA-1 compressions as the JDK's HMAC. Not thread-safe.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] innerHash = new byte[LENGTH];
    private boolean started;

    HmacSha1(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ IPAD);
            outerPad[i] = (byte) (b ^ OPAD);
        }
    }

    void update(byte[] data, int offset, int length) {
        if (!started) {
            sha1.update(innerPad, 0, BLOCK);
            started = true;
        }
        sha1.update(data, offset, length);
    }

    /** Writes the 20-byte MAC of everything updated since the last call to {@code out[offset]}. */
    void doFinal(byte[] out, int offset) {
        if (!started) {
            sha1.update(innerPad, 0, BLOCK);
        }
        started = false;
        try {
            sha1.digest(innerHash, 0, LENGTH);
            sha1.update(outerPad, 0, BLOCK);
            sha1.update(innerHash, 0, LENGTH);
            sha1.digest(out, offset, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException(e); // the arrays hold a full SHA-1 output
        }
    }
}
