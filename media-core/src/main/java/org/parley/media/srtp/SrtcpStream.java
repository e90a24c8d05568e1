package org.parley.media.srtp;

/**
 * The SRTCP state of one SSRC in one direction: the next index to send, or the replay window of
 * received indices (RFC 3711 §3.4).
 */
final class SrtcpStream {
    /** The SRTCP index is 31 bits; it must not wrap under one master key (RFC 3711 §9.2). */
    static final int MAX_INDEX = 0x7fff_ffff;

    private int nextIndex;
    private final ReplayWindow replayWindow = new ReplayWindow();

    /** Returns the index for the next packet sent and advances it. */
    int nextIndex() {
        int index = nextIndex;
        nextIndex = (nextIndex + 1) & MAX_INDEX;
        return index;
    }

    boolean isReplayed(int index) {
        return replayWindow.isReplayed(index);
    }

    void accept(int index) {
        replayWindow.accept(index);
    }
}
