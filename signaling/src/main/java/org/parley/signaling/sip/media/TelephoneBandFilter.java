package org.parley.signaling.sip.media;

import java.util.Arrays;
import org.parley.mixer.filter.KaiserLowPass;

/**
 * The low-pass filter between the meeting's 48 kHz and the telephone band's 8 kHz: a linear-phase
 * FIR, a sinc windowed by a Kaiser window (Oppenheim &amp; Schafer §7.5.3), designed once for
 * 48 kHz.
 *
 * <ul>
 *   <li>Passband 0–3.4 kHz (the telephone band, ITU-T G.712): ripple under 0.01 dB.</li>
 *   <li>Stopband from 4.0 kHz (the Nyquist frequency at 8 kHz): at least 55 dB down, so whatever a
 *   48 kHz mix holds above 4 kHz does not alias into the call, and the images of an 8 kHz signal
 *   do not reach the mix.</li>
 *   <li>{@value #TAPS} taps (the last one zero, to split into {@value #FACTOR} phases of equal
 *   length): a delay of 143 samples at 48 kHz, 3 ms.</li>
 * </ul>
 */
final class TelephoneBandFilter {

    /** 48 kHz / 8 kHz. */
    static final int FACTOR = 6;
    static final int TAPS = 288;
    /** Taps per polyphase branch. */
    static final int PHASE_TAPS = TAPS / FACTOR;

    private static final double SAMPLE_RATE = 48_000;
    /** Middle of the 3.4–4.0 kHz transition band. */
    private static final double CUTOFF_HZ = 3_700;
    /** Kaiser's β for about 60 dB of stopband attenuation: 0.1102 (A − 8.7). */
    private static final double BETA = 0.1102 * (60 - 8.7);
    /** An odd length has its centre on a sample: a whole-sample delay. */
    private static final int DESIGNED_TAPS = TAPS - 1;

    /** The impulse response at 48 kHz, unity gain at DC. */
    private static final float[] TAPS_48K = design();

    private TelephoneBandFilter() {
    }

    /** A copy of the impulse response at 48 kHz, tap 0 first. */
    static float[] taps() {
        return TAPS_48K.clone();
    }

    private static float[] design() {
        float[] designed = KaiserLowPass.design(DESIGNED_TAPS, CUTOFF_HZ / SAMPLE_RATE, BETA);
        return Arrays.copyOf(designed, TAPS); // the last tap stays 0
    }

    /** Rounds and saturates a filtered sample to 16 bits. */
    static short toPcm16(float value) {
        int rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }
}
