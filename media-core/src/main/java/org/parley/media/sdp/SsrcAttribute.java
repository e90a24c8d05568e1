package org.parley.media.sdp;

/**
 * The {@code a=ssrc} attribute (RFC 5576 §4.1), e.g. {@code 1234 cname:abc}.
 *
 * @param ssrc  the synchronization source, 0..2^32-1
 * @param name  the source attribute name, e.g. {@code cname} or {@code msid}
 * @param value its value, or null for a property
 */
public record SsrcAttribute(long ssrc, String name, String value) {

    static SsrcAttribute parse(String text) throws SdpException {
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new SdpException("ssrc needs <ssrc> <attribute>[:<value>]");
        }
        long ssrc = Fields.number(text.substring(0, space), "ssrc", 0, 0xFFFF_FFFFL);
        String attribute = text.substring(space + 1);
        int colon = attribute.indexOf(':');
        String name = Fields.token(colon < 0 ? attribute : attribute.substring(0, colon), "ssrc attribute name");
        return new SsrcAttribute(ssrc, name, colon < 0 ? null : attribute.substring(colon + 1));
    }

    @Override
    public String toString() {
        return ssrc + " " + name + (value == null ? "" : ":" + value);
    }
}
