package org.parley.signaling.sip;

/** A SIP response: status code and reason phrase (RFC 3261 §7.2). */
public final class SipResponse extends SipMessage {

    private final int status;
    private final String reason;

    public SipResponse(int status, String reason, SipHeaders headers, String body) {
        super(headers, body);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** 1xx (RFC 3261 §21.1). */
    public boolean provisional() {
        return status < 200;
    }

    @Override
    public String toString() {
        return status + " " + reason;
    }
}
