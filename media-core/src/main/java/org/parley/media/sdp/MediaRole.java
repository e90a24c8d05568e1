package org.parley.media.sdp;

/** What an offered m-line became in our answer. */
public enum MediaRole {
    /** The peer sends, we receive: the m-line becomes a producer. Answered {@code recvonly}. */
    PUBLISH,
    /** We send, the peer receives: the m-line becomes a consumer. Answered {@code sendonly}. */
    SUBSCRIBE,
    /** Accepted and bundled, but neither side sends. Answered {@code inactive}. */
    INACTIVE,
    /** Port 0 in the answer (RFC 3264 §6) and left out of the BUNDLE group (RFC 8843 §7.3.3). */
    REJECTED
}
