package org.parley.signaling.sip;

/**
 * Why a datagram got no answer, as counted by {@code parley.sip.dropped{reason}}. Malformed requests
 * that can still be answered get 400 instead (and are counted as responses); these are the rest.
 */
public enum SipDropReason {
    /** Neither a request nor a response line, or a header line that is no header. */
    MALFORMED("malformed"),
    /** Larger than {@link SipParser#MAX_MESSAGE_BYTES}. */
    TOO_LARGE("too_large"),
    /** More than {@link SipParser#MAX_HEADERS} header fields. */
    TOO_MANY_HEADERS("too_many_headers"),
    /** Content-Length not a number, or more than the datagram holds (RFC 3261 §18.3). */
    BAD_CONTENT_LENGTH("bad_content_length"),
    /** Via, From, To, Call-ID, CSeq or Max-Forwards missing or unreadable (RFC 3261 §8.1.1). */
    MISSING_HEADER("missing_header"),
    /** A response that matches no request Parley sent. */
    STRAY_RESPONSE("stray_response"),
    /** An ACK that matches no transaction or dialog (RFC 3261 §17.2.3 says to drop it). */
    STRAY_ACK("stray_ack");

    private final String label;

    SipDropReason(String label) {
        this.label = label;
    }

    /** The metric label. */
    public String label() {
        return label;
    }
}
