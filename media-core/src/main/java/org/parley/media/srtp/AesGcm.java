package org.parley.media.srtp;

import java.util.Arrays;

/**
 * AES-GCM with a 96-bit IV and a 128-bit tag (NIST SP 800-38D), built from {@link AesCounterMode}
 * and {@link GHash} so that, unlike {@code javax.crypto}'s GCM, a message needs no
 * {@code Cipher.init} and allocates nothing. Decryption verifies the tag before it touches the
 * ciphertext.
 *
 * <p>Use: {@link #start}, any number of {@link #updateAad}, then one {@link #seal} or {@link #open}.
 * Not thread-safe.
 */
final class AesGcm {
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private final AesCounterMode aesCtr;
    private final GHash ghash;
    private final byte[] counterBlock = new byte[AesCounterMode.BLOCK];
    private final byte[] tagMask = new byte[AesCounterMode.BLOCK];
    private final byte[] tag = new byte[AesCounterMode.BLOCK];
    private long aadLength;

    AesGcm(byte[] key) {
        aesCtr = new AesCounterMode(key);
        byte[] h = new byte[AesCounterMode.BLOCK]; // H = AES(K, 0^128)
        aesCtr.apply(new byte[AesCounterMode.BLOCK], h, 0, h.length);
        ghash = new GHash(h);
    }

    /** Begins a message under {@code iv[0..12)}. */
    void start(byte[] iv) {
        // J0 = IV || 0^31 || 1; its keystream block masks the tag, the data uses inc32(J0) onward.
        System.arraycopy(iv, 0, counterBlock, 0, IV_LENGTH);
        BigEndian.setInt(counterBlock, IV_LENGTH, 1);
        Arrays.fill(tagMask, (byte) 0);
        aesCtr.apply(counterBlock, tagMask, 0, AesCounterMode.BLOCK);
        BigEndian.setInt(counterBlock, IV_LENGTH, 2);
        ghash.reset();
        aadLength = 0;
    }

    void updateAad(byte[] aad, int offset, int length) {
        ghash.update(aad, offset, length);
        aadLength += length;
    }

    /** Encrypts {@code data[offset, offset + length)} in place and writes the tag right after it. */
    void seal(byte[] data, int offset, int length) {
        ghash.pad();
        aesCtr.apply(counterBlock, data, offset, length);
        ghash.update(data, offset, length);
        computeTag(length);
        System.arraycopy(tag, 0, data, offset + length, TAG_LENGTH);
    }

    /**
     * Verifies the tag at {@code data[offset + length]} over the ciphertext {@code data[offset, offset
     * + length)} and, only if it matches, decrypts it in place.
     */
    boolean open(byte[] data, int offset, int length) {
        ghash.pad();
        ghash.update(data, offset, length);
        computeTag(length);
        int difference = 0;
        for (int i = 0; i < TAG_LENGTH; i++) {
            difference |= tag[i] ^ data[offset + length + i];
        }
        if (difference != 0) {
            return false;
        }
        aesCtr.apply(counterBlock, data, offset, length);
        return true;
    }

    /** T = GHASH(A, C) XOR AES(K, J0). */
    private void computeTag(int ciphertextLength) {
        ghash.finish(aadLength, ciphertextLength, tag, 0);
        for (int i = 0; i < TAG_LENGTH; i++) {
            tag[i] ^= tagMask[i];
        }
    }
}
