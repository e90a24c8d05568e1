package org.parley.signaling.sip;

/** A SIP request: method and Request-URI (RFC 3261 §7.1). */
public final class SipRequest extends SipMessage {

    public static final String INVITE = "INVITE";
    public static final String ACK = "ACK";
    public static final String BYE = "BYE";
    public static final String CANCEL = "CANCEL";
    public static final String OPTIONS = "OPTIONS";

    private final String method;
    private final String requestUri;

    public SipRequest(String method, String requestUri, SipHeaders headers, String body) {
        super(headers, body);
        this.method = method;
        this.requestUri = requestUri;
    }

    /** The method, case-sensitive (RFC 3261 §7.1). */
    public String method() {
        return method;
    }

    public String requestUri() {
        return requestUri;
    }

    @Override
    public String toString() {
        return method + " " + requestUri;
    }
}
