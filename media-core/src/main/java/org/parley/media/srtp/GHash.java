package org.parley.media.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * GHASH, GCM's universal hash over GF(2^128) (NIST SP 800-38D §6.4), with Shoup's 8-bit tables: the
 * 256 byte multiples of H per key (4 KiB), so a block costs 16 table steps and no allocation.
 *
 * <p>Field elements are two longs holding the block's bytes big-endian; in GCM's bit order the
 * first bit of the block is the coefficient of x^0, so multiplying by x shifts right. Input is
 * absorbed in segments; {@link #pad()} zero-fills a partial block, as GCM does after the associated
 * data and after the ciphertext. Not thread-safe.
 */
final class GHash {
    /** The reduction polynomial x^128 + x^7 + x^2 + x + 1 in GCM's bit order, top 64 bits. */
    private static final long R = 0xE100_0000_0000_0000L;
    /** What to XOR into the top when an 8-bit right shift drops the byte {@code i} off the bottom. */
    private static final long[] REDUCE_BYTE = new long[256];

    static {
        for (int dropped = 0; dropped < 256; dropped++) {
            long reduction = 0;
            for (int bit = 0; bit < 8; bit++) {
                if ((dropped & (1 << bit)) != 0) {
                    reduction ^= R >>> (7 - bit); // the bit dropped first is shifted furthest after
                }
            }
            REDUCE_BYTE[dropped] = reduction;
        }
    }

    private static final VarHandle BIG_ENDIAN_LONGS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** tableHigh/Low[b] = b * H, where the byte's top bit stands for x^0 (so [0x80] = H). */
    private final long[] tableHigh = new long[256];
    private final long[] tableLow = new long[256];
    private final byte[] partial = new byte[AesCounterMode.BLOCK];
    private int partialLength;
    private long high;
    private long low;

    GHash(byte[] h) {
        long hHigh = (long) BIG_ENDIAN_LONGS.get(h, 0);
        long hLow = (long) BIG_ENDIAN_LONGS.get(h, 8);
        for (int n = 0x80; n > 0; n >>>= 1) { // 0x80 -> H, 0x40 -> H*x, ..., 0x01 -> H*x^7
            tableHigh[n] = hHigh;
            tableLow[n] = hLow;
            long carry = (hLow & 1) != 0 ? R : 0;
            hLow = (hHigh << 63) | (hLow >>> 1);
            hHigh = (hHigh >>> 1) ^ carry;
        }
        for (int n = 2; n < 256; n <<= 1) { // every other byte is a sum of those eight
            for (int m = 1; m < n; m++) {
                tableHigh[n + m] = tableHigh[n] ^ tableHigh[m];
                tableLow[n + m] = tableLow[n] ^ tableLow[m];
            }
        }
    }

    void reset() {
        high = 0;
        low = 0;
        partialLength = 0;
    }

    void update(byte[] data, int offset, int length) {
        int end = offset + length;
        while (partialLength > 0 && offset < end) {
            partial[partialLength++] = data[offset++];
            if (partialLength == AesCounterMode.BLOCK) {
                absorb(partial, 0);
                partialLength = 0;
            }
        }
        for (; offset + AesCounterMode.BLOCK <= end; offset += AesCounterMode.BLOCK) {
            absorb(data, offset);
        }
        while (offset < end) {
            partial[partialLength++] = data[offset++];
        }
    }

    /** Completes a partial block with zeros. */
    void pad() {
        if (partialLength > 0) {
            for (int i = partialLength; i < AesCounterMode.BLOCK; i++) {
                partial[i] = 0;
            }
            absorb(partial, 0);
            partialLength = 0;
        }
    }

    /** Absorbs the final block, len(A) || len(C) in bits, and writes the hash to {@code out[offset]}. */
    void finish(long aadBytes, long ciphertextBytes, byte[] out, int offset) {
        pad();
        high ^= aadBytes * 8;
        low ^= ciphertextBytes * 8;
        multiplyByH();
        BIG_ENDIAN_LONGS.set(out, offset, high);
        BIG_ENDIAN_LONGS.set(out, offset + 8, low);
    }

    private void absorb(byte[] block, int offset) {
        high ^= (long) BIG_ENDIAN_LONGS.get(block, offset);
        low ^= (long) BIG_ENDIAN_LONGS.get(block, offset + 8);
        multiplyByH();
    }

    /**
     * state = state * H by Horner's rule over the 16 bytes, highest degree first. The highest
     * degrees are in the last byte, which is the least significant byte of {@code low}; so the steps
     * walk {@code low} upwards, then {@code high}. Each step multiplies by x^8 (an 8-bit right shift
     * with reduction) and adds the byte's multiple of H.
     */
    private void multiplyByH() {
        long zHigh = 0;
        long zLow = 0;
        for (int shift = 0; shift < Long.SIZE; shift += 8) {
            int b = (int) (low >>> shift) & 0xff;
            int dropped = (int) zLow & 0xff;
            zLow = (zHigh << 56) | (zLow >>> 8);
            zHigh = (zHigh >>> 8) ^ REDUCE_BYTE[dropped] ^ tableHigh[b];
            zLow ^= tableLow[b];
        }
        for (int shift = 0; shift < Long.SIZE; shift += 8) {
            int b = (int) (high >>> shift) & 0xff;
            int dropped = (int) zLow & 0xff;
            zLow = (zHigh << 56) | (zLow >>> 8);
            zHigh = (zHigh >>> 8) ^ REDUCE_BYTE[dropped] ^ tableHigh[b];
            zLow ^= tableLow[b];
        }
        high = zHigh;
        low = zLow;
    }
}
