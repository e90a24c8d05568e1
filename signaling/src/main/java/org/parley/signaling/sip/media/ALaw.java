package org.parley.signaling.sip.media;

/**
 * G.711 A-law (ITU-T G.711 §3.3, table 1a): 13-bit linear samples to 8-bit codes and back, as the
 * ITU-T G.191 reference implementation computes them. Both directions are precomputed tables.
 */
final class ALaw {

    /** The reference works on 12 bits of magnitude plus the sign: the low four bits of a 16-bit sample go. */
    private static final int DROPPED_BITS = 4;
    /** §3.3: the even bits of every code are inverted on the line. */
    private static final int EVEN_BIT_INVERSION = 0x55;

    private static final byte[] ENCODE = new byte[1 << (16 - DROPPED_BITS)];
    private static final short[] DECODE = new short[256];

    static {
        for (int i = 0; i < ENCODE.length; i++) {
            int value12 = (i << (32 - 16 + DROPPED_BITS)) >> (32 - 16 + DROPPED_BITS);
            ENCODE[i] = (byte) compress(value12);
        }
        for (int code = 0; code < DECODE.length; code++) {
            DECODE[code] = (short) expand(code);
        }
    }

    private ALaw() {
    }

    static int encode(short sample) {
        return ENCODE[(sample >> DROPPED_BITS) & (ENCODE.length - 1)] & 0xFF;
    }

    static short decode(int code) {
        return DECODE[code & 0xFF];
    }

    /**
     * A-law compression: the magnitude (one's complement of a negative value) is linear in the first
     * two segments and halves its resolution in each of the six above; sign bit set for positive.
     */
    private static int compress(int value12) {
        int magnitude = value12 < 0 ? ~value12 : value12;
        if (magnitude > 15) {
            int exponent = 1;
            while (magnitude > 16 + 15) {
                magnitude >>= 1;
                exponent++;
            }
            magnitude = magnitude - 16 + (exponent << 4);
        }
        if (value12 >= 0) {
            magnitude |= 0x80;
        }
        return magnitude ^ EVEN_BIT_INVERSION;
    }

    /** A-law expansion to the middle of the code's quantization interval, at 16 bits. */
    private static int expand(int code) {
        int bits = (code ^ EVEN_BIT_INVERSION) & 0x7F;
        int exponent = bits >> 4;
        int mantissa = bits & 0x0F;
        if (exponent > 0) {
            mantissa += 16;
        }
        int magnitude = (mantissa << 4) + 0x08;
        if (exponent > 1) {
            magnitude <<= exponent - 1;
        }
        return code > 0x7F ? magnitude : -magnitude;
    }
}
