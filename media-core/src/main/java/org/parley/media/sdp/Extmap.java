package org.parley.media.sdp;

/**
 * The {@code a=extmap} attribute (RFC 8285 §8): an RTP header extension and its local id.
 *
 * @param id         1..14 for one-byte headers, up to 255 with two-byte headers
 * @param direction  the optional direction, or null
 * @param uri        the extension's name
 * @param attributes extension attributes after the URI, or null
 */
public record Extmap(int id, Direction direction, String uri, String attributes) {

    /** RFC 9143 §15: the m-line's mid in every packet, for BUNDLE demultiplexing. */
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** RFC 6464: client-to-mixer audio level. */
    public static final String SSRC_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** libwebrtc's absolute send time, used by receive-side bandwidth estimation. */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** draft-holmer-rmcat-transport-wide-cc-extensions-01 sequence numbers, for transport-cc feedback. */
    public static final String TRANSPORT_WIDE_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    static Extmap parse(String value) throws SdpException {
        Fields f = Fields.of(value);
        String idField = f.next("extension id");
        Direction direction = null;
        int slash = idField.indexOf('/');
        if (slash >= 0) {
            direction = Direction.fromAttributeName(idField.substring(slash + 1));
            if (direction == null) {
                throw new SdpException("extmap direction '" + idField.substring(slash + 1) + "' is not a direction");
            }
            idField = idField.substring(0, slash);
        }
        int id = (int) Fields.number(idField, "extension id", 1, 255);
        String uri = Fields.visible(f.next("extension URI"), "extension URI");
        String attributes = f.rest();
        return new Extmap(id, direction, uri, attributes.isEmpty() ? null : attributes);
    }

    @Override
    public String toString() {
        return id + (direction == null ? "" : "/" + direction.attributeName()) + " " + uri
                + (attributes == null ? "" : " " + attributes);
    }
}
