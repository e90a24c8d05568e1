package org.parley.signaling.sip;

/**
 * A SIP request or response (RFC 3261 §7): a start line, header fields and an optional body (SDP
 * here, so text). Built by {@link SipParser} or by the server; serialized by {@link SipEncoder}.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {

    private final SipHeaders headers;
    private final String body;

    SipMessage(SipHeaders headers, String body) {
        this.headers = headers;
        this.body = body == null ? "" : body;
    }

    public SipHeaders headers() {
        return headers;
    }

    /** The body, empty when there is none. */
    public String body() {
        return body;
    }

    public String callId() {
        return headers.first(SipHeaders.CALL_ID);
    }

    /** The CSeq (RFC 3261 §8.1.1.5), or null if the header is missing or malformed. */
    public CSeq cseq() {
        return CSeq.parse(headers.first(SipHeaders.CSEQ));
    }

    /** The topmost Via (RFC 3261 §8.1.1.7), or null if missing or malformed. */
    public SipVia topVia() {
        String via = headers.first(SipHeaders.VIA);
        return via == null ? null : SipVia.parse(via);
    }

    /** The tag parameter of From, or null. */
    public String fromTag() {
        return NameAddress.tag(headers.first(SipHeaders.FROM));
    }

    /** The tag parameter of To, or null. */
    public String toTag() {
        return NameAddress.tag(headers.first(SipHeaders.TO));
    }
}
