package org.parley.media.srtp;

/** Outcome of one {@link SrtpTransformer} call. Only {@link #OK} means the buffer was transformed. */
public enum SrtpResult {
    /** The packet was protected or unprotected in place. */
    OK,
    /** Too short, not RTP/RTCP version 2, or a header that runs past the end of the packet. Untouched. */
    MALFORMED,
    /** The authentication tag did not verify (RFC 3711 §3.3 step 5). Drop the packet. */
    AUTH_FAILED,
    /**
     * The packet index was already received or is too old for the replay window (RFC 3711 §3.3.2).
     * Drop the packet.
     */
    REPLAYED,
    /** A packet from a new SSRC arrived while this direction already tracks the maximum number of SSRCs. */
    SSRC_LIMIT_REACHED,
    /** The buffer cannot grow by the authentication tag (read-only or at its maximum capacity). Untouched. */
    NOT_WRITABLE,
    /**
     * Protect only: this stream already sent a packet with this index (same sequence number in the
     * same rollover period), or one too old to tell. Encrypting it again would reuse the keystream
     * (RFC 3711 §9.1) and, for AES-GCM, the IV (RFC 7714 §8.1). Retransmit with RTX (RFC 4588).
     */
    REFUSED
}
