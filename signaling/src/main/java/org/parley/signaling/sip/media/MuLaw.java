package org.parley.signaling.sip.media;

/**
 * G.711 µ-law (ITU-T G.711 §3.2, table 2a): 14-bit linear samples to 8-bit codes and back, as the
 * ITU-T G.191 reference implementation computes them. Both directions are precomputed tables, so a
 * sample costs one array load.
 */
final class MuLaw {

    /** G.711 µ-law works on the 14 most significant bits of a 16-bit sample. */
    private static final int DROPPED_BITS = 2;
    /** The bias that makes segment boundaries powers of two (33 at 14 bits, 132 at 16). */
    private static final int BIAS = 33;
    private static final int MAX_MAGNITUDE = 0x1FFF;

    private static final byte[] ENCODE = new byte[1 << (16 - DROPPED_BITS)];
    private static final short[] DECODE = new short[256];

    static {
        for (int i = 0; i < ENCODE.length; i++) {
            // Index i holds the 14-bit value whose 16-bit samples are (i << 2) .. (i << 2) + 3, sign extended.
            int value14 = (i << (32 - 16 + DROPPED_BITS)) >> (32 - 16 + DROPPED_BITS);
            ENCODE[i] = (byte) compress(value14);
        }
        for (int code = 0; code < DECODE.length; code++) {
            DECODE[code] = (short) expand(code);
        }
    }

    private MuLaw() {
    }

    static int encode(short sample) {
        return ENCODE[(sample >> DROPPED_BITS) & (ENCODE.length - 1)] & 0xFF;
    }

    static short decode(int code) {
        return DECODE[code & 0xFF];
    }

    /**
     * G.711 µ-law compression of one 14-bit sample: the magnitude is taken as the one's complement of
     * a negative value (so -1 and 0 share the zero level), biased, and split into a segment (the
     * position of its leading one) and four mantissa bits; the code is inverted (§3.2: "all bits inverted").
     */
    private static int compress(int value14) {
        int magnitude = value14 < 0 ? ~value14 : value14;
        magnitude = Math.min(magnitude + BIAS, MAX_MAGNITUDE);
        int segment = 1;
        for (int rest = magnitude >> 6; rest != 0; rest >>= 1) {
            segment++;
        }
        int mantissa = 0x0F - ((magnitude >> segment) & 0x0F);
        int code = ((8 - segment) << 4) | mantissa;
        return value14 >= 0 ? code | 0x80 : code;
    }

    /** G.711 µ-law expansion to the middle of the code's quantization interval, at 16 bits. */
    private static int expand(int code) {
        int inverted = ~code & 0xFF;
        int exponent = (inverted >> 4) & 0x07;
        int mantissa = inverted & 0x0F;
        int step = 4 << (exponent + 1);
        int magnitude = (0x80 << exponent) + step * mantissa + step / 2 - 4 * BIAS;
        return code < 0x80 ? -magnitude : magnitude;
    }
}
