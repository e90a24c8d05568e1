package org.parley.media.sdp;

/**
 * Chooses the SSRC we send with on an m-line. The answerer calls it for every m-line we send on;
 * the implementation must return the same SSRC for the same mid across re-offers (RFC 8829
 * §5.3.2: an existing m= section keeps its SSRC) and distinct SSRCs for distinct mids.
 */
@FunctionalInterface
public interface SsrcAllocator {

    /** Our SSRC for the m-line {@code mid}, 0..2^32-1. */
    long ssrcFor(String mid);
}
