package org.parley.mixer.channel;

/**
 * Conversion between 16-bit signed PCM (what decoders produce and encoders take) and the float
 * samples the mixer computes with. −32768 maps to −1.0; floats beyond full scale saturate.
 */
public final class Pcm16 {

    private static final float SCALE = 32768f;
    private static final float INVERSE_SCALE = 1f / SCALE;

    private Pcm16() {
    }

    public static void toFloat(short[] in, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = in[i] * INVERSE_SCALE;
        }
    }

    public static void toShort(float[] in, short[] out, int n) {
        for (int i = 0; i < n; i++) {
            int s = Math.round(in[i] * SCALE);
            out[i] = (short) (s > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(s, Short.MIN_VALUE));
        }
    }
}
