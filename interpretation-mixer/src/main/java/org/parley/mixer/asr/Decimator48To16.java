package org.parley.mixer.asr;

import org.parley.mixer.filter.KaiserLowPass;

/**
 * Turns the mixer's 48 kHz mono PCM into the 16 kHz a recogniser takes: a low-pass FIR filter,
 * then every third sample. Only the kept samples are computed (a polyphase decimator in effect),
 * so it costs {@value #TAPS} multiply-adds per output sample. The filter state carries over from one
 * call to the next, so a stream may be fed in chunks of any size; nothing is allocated per call.
 *
 * <p>The filter: {@value #TAPS} taps (linear phase, a delay of {@value #DELAY_SAMPLES} input samples,
 * about 0.6 ms), a windowed sinc cut at 8 kHz (the output's Nyquist frequency) under a Kaiser
 * window with β = {@value #KAISER_BETA}, normalised to unity gain at DC. Flat within 0.1 dB up to
 * 6 kHz, at least 60 dB down from 10 kHz; what passes between 8 and 10 kHz folds onto 6 to 8 kHz,
 * above the 6.8 kHz where pocketsphinx's en-us model stops listening ({@code -upperf 6800}), so
 * nothing audible to the recogniser aliases. Checked by {@code Decimator48To16Test}.
 *
 * <p>Not thread safe: one instance per stream, used by the ASR worker that feeds the session.
 */
public final class Decimator48To16 {

    /** Input samples per output sample. */
    public static final int FACTOR = 3;
    static final int TAPS = 55;
    static final int DELAY_SAMPLES = (TAPS - 1) / 2;
    static final double KAISER_BETA = 7.0;
    private static final double CUTOFF = 8_000.0 / 48_000.0;

    private static final float[] COEFFICIENTS = KaiserLowPass.design(TAPS, CUTOFF, KAISER_BETA);

    // The last TAPS inputs, written twice (at i and i + TAPS) so a window is always one contiguous run.
    private final float[] line = new float[2 * TAPS];
    private int newest;
    private int phase;

    /**
     * Filters {@code count} samples of {@code in} from {@code inOffset} and writes the kept ones to
     * {@code out} from {@code outOffset}.
     *
     * @return how many samples were written: {@code count / 3}, give or take one by the phase left
     *     from earlier calls; {@link #outputFor} bounds it
     * @throws IndexOutOfBoundsException if a range lies outside its array (checked before any work)
     */
    public int process(short[] in, int inOffset, int count, short[] out, int outOffset) {
        java.util.Objects.checkFromIndexSize(inOffset, count, in.length);
        java.util.Objects.checkFromIndexSize(outOffset, outputFor(count), out.length);
        float[] h = COEFFICIENTS;
        float[] x = line;
        int written = 0;
        for (int i = 0; i < count; i++) {
            newest = newest == 0 ? TAPS - 1 : newest - 1;
            float sample = in[inOffset + i];
            x[newest] = sample;
            x[newest + TAPS] = sample;
            if (++phase == FACTOR) {
                phase = 0;
                float sum = 0;
                for (int k = 0, j = newest; k < TAPS; k++, j++) {
                    sum += h[k] * x[j];
                }
                out[outOffset + written++] = saturate(sum);
            }
        }
        return written;
    }

    /** The most samples {@link #process} writes for {@code count} inputs, whatever the phase. */
    public static int outputFor(int count) {
        return (count + FACTOR - 1) / FACTOR;
    }

    /** Forgets the past input, as if new. */
    public void reset() {
        java.util.Arrays.fill(line, 0);
        newest = 0;
        phase = 0;
    }

    private static short saturate(float value) {
        int rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }
}
