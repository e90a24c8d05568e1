package org.parley.media.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in Counter Mode: keystream block {@code j} is {@code AES(key, IV[0..12) || (IV[12..16) + j))},
 * the 32-bit increment GCM specifies (NIST SP 800-38D §6.2). For SRTP's AES-CM (RFC 3711 §4.1.1),
 * whose IV has its low 16 bits zero and whose packets are shorter than 2^16 blocks, that is the
 * same as {@code AES(key, IV + j)}.
 *
 * <p>Counter blocks are written into a preallocated array and encrypted with one AES/ECB
 * {@link Cipher} that is initialised once, so no packet pays for a {@code Cipher.init} or allocates.
 * Not thread-safe.
 */
final class AesCounterMode {
    static final int BLOCK = 16;
    /** Keystream is produced in chunks of this many blocks; longer packets take several chunks. */
    private static final int CHUNK_BLOCKS = 64;
    private static final int CHUNK = CHUNK_BLOCKS * BLOCK;

    private static final VarHandle LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final Cipher aes;
    private final byte[] counterBlocks = new byte[CHUNK];
    private final byte[] keystream = new byte[CHUNK];

    AesCounterMode(byte[] key) {
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB is not available", e);
        }
    }

    /** XORs {@code length} bytes of keystream, starting at counter block {@code iv}, into {@code data}. */
    void apply(byte[] iv, byte[] data, int offset, int length) {
        int counter = BigEndian.getInt(iv, 12);
        for (int done = 0; done < length; ) {
            int chunk = Math.min(CHUNK, length - done);
            int blocks = (chunk + BLOCK - 1) / BLOCK;
            for (int i = 0; i < blocks; i++, counter++) {
                int at = i * BLOCK;
                System.arraycopy(iv, 0, counterBlocks, at, 12);
                BigEndian.setInt(counterBlocks, at + 12, counter);
            }
            encrypt(blocks * BLOCK);
            xor(data, offset + done, chunk);
            done += chunk;
        }
    }

    private void encrypt(int length) {
        try {
            aes.update(counterBlocks, 0, length, keystream, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e); // the keystream array is as long as the counter array
        }
    }

    private void xor(byte[] data, int offset, int length) {
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            long d = (long) LONGS.get(data, offset + i);
            long k = (long) LONGS.get(keystream, i);
            LONGS.set(data, offset + i, d ^ k);
        }
        for (; i < length; i++) {
            data[offset + i] ^= keystream[i];
        }
    }
}
