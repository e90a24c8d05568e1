package org.parley.media.srtp;

/**
 * The RTP state of one SSRC in one direction (RFC 3711 §3.2.1): the rollover counter, the highest
 * sequence number seen and, for received streams, the replay window.
 */
final class SrtpStream {
    private static final int SEQ_MODULUS = 1 << 16;
    private static final int HALF_SEQ = 1 << 15;

    private long roc;
    private int highestSeq;
    private final ReplayWindow replayWindow = new ReplayWindow();

    /** Starts a stream at its first packet's sequence number, with ROC 0 (RFC 3711 §3.3.1). */
    SrtpStream(int firstSeq) {
        this.highestSeq = firstSeq;
    }

    /**
     * Estimates the 48-bit packet index of {@code seq} (RFC 3711 §3.3.1, Appendix A). Returns -1 if
     * the packet would belong before the stream's first rollover period, which no sender produces.
     */
    long estimateIndex(int seq) {
        long v;
        if (highestSeq < HALF_SEQ) {
            v = seq - highestSeq > HALF_SEQ ? roc - 1 : roc;
        } else {
            v = highestSeq - HALF_SEQ > seq ? roc + 1 : roc;
        }
        return v < 0 ? -1 : (v << 16) | seq;
    }

    /** Whether a received {@code index} was already accepted or is too old (RFC 3711 §3.3.2). */
    boolean isReplayed(long index) {
        return replayWindow.isReplayed(index);
    }

    /** Records a received or sent index; a newer one moves the ROC and highest sequence number on. */
    void accept(long index) {
        long current = (roc << 16) | highestSeq;
        if (index > current) {
            roc = index >>> 16;
            highestSeq = (int) (index & (SEQ_MODULUS - 1));
        }
        replayWindow.accept(index);
    }
}
