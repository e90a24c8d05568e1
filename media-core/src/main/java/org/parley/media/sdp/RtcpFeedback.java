package org.parley.media.sdp;

/**
 * The {@code a=rtcp-fb} attribute (RFC 4585 §4.2), e.g. {@code 111 transport-cc} or {@code 96 nack pli}.
 *
 * @param payloadType the payload type it applies to, or {@link #ALL_PAYLOAD_TYPES} for {@code *}
 * @param type        the feedback type, e.g. {@code nack}
 * @param parameter   the rest of the line, e.g. {@code pli}, or null
 */
public record RtcpFeedback(int payloadType, String type, String parameter) {

    /** Stands for {@code *}: the feedback applies to every payload type of the m-line. */
    public static final int ALL_PAYLOAD_TYPES = -1;

    static RtcpFeedback parse(String value) throws SdpException {
        Fields f = Fields.of(value);
        String pt = f.next("payload type");
        int payloadType = pt.equals("*") ? ALL_PAYLOAD_TYPES : (int) Fields.number(pt, "payload type", 0, 127);
        String type = Fields.token(f.next("feedback type"), "feedback type");
        String parameter = f.rest();
        return new RtcpFeedback(payloadType, type, parameter.isEmpty() ? null : parameter);
    }

    public boolean appliesTo(int pt) {
        return payloadType == ALL_PAYLOAD_TYPES || payloadType == pt;
    }

    @Override
    public String toString() {
        return (payloadType == ALL_PAYLOAD_TYPES ? "*" : Integer.toString(payloadType)) + " " + type
                + (parameter == null ? "" : " " + parameter);
    }
}
