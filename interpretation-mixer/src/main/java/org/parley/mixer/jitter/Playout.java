package org.parley.mixer.jitter;

/** What one {@link JitterBuffer#pull} produced. */
public enum Playout {
    /** The expected packet, decoded. */
    DECODED,
    /** The expected packet was lost; rebuilt from the next packet's in-band FEC (RFC 6716 §2.1.7). */
    RECOVERED_BY_FEC,
    /** The expected packet was lost or has not arrived; the decoder's concealment filled in. */
    CONCEALED,
    /**
     * Zeros: nothing received yet, the source went quiet, or playout waits for the target depth
     * before resuming.
     */
    SILENCE
}
