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

    /** For logs: the Request-URI's user part is the caller's invitation token, so it is left out. */
    @Override
    public String toString() {
        return method + " " + redacted(requestUri);
    }

    /**
     * {@code uri} without its user part: {@code sip:TOKEN@host} → {@code sip:<redacted>@host}. Every
     * log line that names a Request-URI goes through here; a bearer token in a log is a stolen seat.
     */
    public static String redacted(String uri) {
        int at = uri.indexOf('@');
        if (at < 0) {
            return uri;
        }
        int colon = uri.indexOf(':');
        String scheme = colon >= 0 && colon < at ? uri.substring(0, colon + 1) : "";
        return scheme + "<redacted>" + uri.substring(at);
    }
}
