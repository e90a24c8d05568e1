package org.parley.signaling.sip;

/**
 * A datagram is not a SIP message Parley accepts. When the start line and the headers a response
 * needs could be read, {@link #request()} holds what was parsed so that a 400 can be addressed.
 */
public final class SipParseException extends Exception {

    private final SipDropReason reason;
    private final transient SipRequest request;

    SipParseException(SipDropReason reason, String message, SipRequest request) {
        super(message);
        this.reason = reason;
        this.request = request;
    }

    public SipDropReason reason() {
        return reason;
    }

    /** The request as far as it could be read, or null (a response, or no request line). */
    public SipRequest request() {
        return request;
    }
}
