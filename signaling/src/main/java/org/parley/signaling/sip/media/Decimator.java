package org.parley.signaling.sip.media;

/**
 * 48 kHz to 8 kHz: the {@link TelephoneBandFilter} evaluated at every sixth input sample only.
 * Streaming: the history and the phase carry over between calls, so frames of any length give
 * the same output as one long signal. One thread at a time; nothing is allocated after construction.
 */
final class Decimator {

    private static final int L = TelephoneBandFilter.TAPS;
    private static final int FACTOR = TelephoneBandFilter.FACTOR;

    /** The taps reversed, to run over the history oldest first. */
    private final float[] reversed = new float[L];
    private final SampleHistory history = new SampleHistory(L);
    /** Input samples until the next output. */
    private int untilOutput = FACTOR;

    Decimator() {
        float[] taps = TelephoneBandFilter.taps();
        for (int k = 0; k < L; k++) {
            reversed[L - 1 - k] = taps[k];
        }
    }

    /**
     * Filters {@code in[offset, offset + length)} and writes every sixth result to {@code out} from
     * {@code out[outOffset]}: {@code length / 6} samples, one more or less by the phase carried over.
     *
     * @return the number of samples written
     */
    int process(short[] in, int offset, int length, short[] out, int outOffset) {
        int o = outOffset;
        for (int i = offset; i < offset + length; i++) {
            history.push(in[i]);
            if (--untilOutput == 0) {
                untilOutput = FACTOR;
                out[o++] = TelephoneBandFilter.toPcm16(history.dot(reversed));
            }
        }
        return o - outOffset;
    }

    /** Forgets the history (a new stream). */
    void reset() {
        history.clear();
        untilOutput = FACTOR;
    }
}
