package org.parley.signaling.sip;

import java.util.Map;

/** Builds responses to requests (RFC 3261 §8.2.6). */
public final class SipResponses {

    /** The Server header (RFC 3261 §20.35). */
    public static final String SERVER = "Parley";
    /** The methods Parley's user agent server handles (RFC 3261 §20.5). */
    /** RFC 3261 §20.43: warn-code 399, miscellaneous warning. */
    public static final int WARN_MISC = 399;
    public static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS";

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Trying"), Map.entry(200, "OK"), Map.entry(400, "Bad Request"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(410, "Gone"), Map.entry(416, "Unsupported URI Scheme"),
            Map.entry(481, "Call/Transaction Does Not Exist"), Map.entry(483, "Too Many Hops"),
            Map.entry(487, "Request Terminated"), Map.entry(488, "Not Acceptable Here"),
            Map.entry(500, "Server Internal Error"), Map.entry(501, "Not Implemented"),
            Map.entry(503, "Service Unavailable"), Map.entry(513, "Message Too Large"));

    private SipResponses() {
    }

    /** The reason phrase of {@code status} (RFC 3261 §21). */
    public static String reason(int status) {
        return REASONS.getOrDefault(status, "Unknown");
    }

    /**
     * A response to {@code request}: Via (all of them, in order), From, To, Call-ID and CSeq copied
     * (RFC 3261 §8.2.6.2), {@code toTag} added to To unless it has one or is null, and Server.
     */
    public static SipResponse create(SipRequest request, int status, String toTag) {
        SipHeaders requestHeaders = request.headers();
        SipHeaders headers = new SipHeaders();
        for (String via : requestHeaders.all(SipHeaders.VIA)) {
            headers.add(SipHeaders.VIA, via);
        }
        headers.add(SipHeaders.FROM, requestHeaders.first(SipHeaders.FROM));
        String to = requestHeaders.first(SipHeaders.TO);
        headers.add(SipHeaders.TO, toTag == null || request.toTag() != null ? to : to + ";tag=" + toTag);
        headers.add(SipHeaders.CALL_ID, requestHeaders.first(SipHeaders.CALL_ID));
        headers.add(SipHeaders.CSEQ, requestHeaders.first(SipHeaders.CSEQ));
        headers.add(SipHeaders.SERVER, SERVER);
        return new SipResponse(status, reason(status), headers, "");
    }

    /** {@link #create} with a Warning header (RFC 3261 §20.43): {@code 399 parley "text"}, 399 being "miscellaneous". */
    public static SipResponse withWarning(SipRequest request, int status, String toTag, int warnCode, String text) {
        SipResponse response = create(request, status, toTag);
        response.headers().add(SipHeaders.WARNING, warnCode + " parley \"" + text.replace('"', '\'') + "\"");
        return response;
    }
}
