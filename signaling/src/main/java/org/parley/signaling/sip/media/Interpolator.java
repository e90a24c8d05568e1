package org.parley.signaling.sip.media;

/**
 * 8 kHz to 48 kHz: zero-stuffing by six and the {@link TelephoneBandFilter}, computed as a
 * polyphase filter (each output sample is one of six branches of 48 taps over the input history),
 * so no multiplication by the stuffed zeros is done. Streaming: the history carries over between
 * calls. One thread at a time; nothing is allocated after construction.
 */
final class Interpolator {

    private static final int L = TelephoneBandFilter.PHASE_TAPS;
    private static final int FACTOR = TelephoneBandFilter.FACTOR;

    /** Branch p's taps, reversed to run over the history oldest first, with the ×6 stuffing gain. */
    private final float[][] branches = new float[FACTOR][L];
    private final SampleHistory history = new SampleHistory(L);

    Interpolator() {
        float[] taps = TelephoneBandFilter.taps();
        for (int p = 0; p < FACTOR; p++) {
            for (int k = 0; k < L; k++) {
                branches[p][L - 1 - k] = FACTOR * taps[FACTOR * k + p];
            }
        }
    }

    /**
     * Writes {@code 6 × length} samples at 48 kHz to {@code out} from {@code out[outOffset]}.
     *
     * @return the number of samples written
     */
    int process(short[] in, int offset, int length, short[] out, int outOffset) {
        int o = outOffset;
        for (int i = offset; i < offset + length; i++) {
            history.push(in[i]);
            for (int p = 0; p < FACTOR; p++) {
                out[o++] = TelephoneBandFilter.toPcm16(history.dot(branches[p]));
            }
        }
        return o - outOffset;
    }

    /** Forgets the history (a new stream). */
    void reset() {
        history.clear();
    }
}
