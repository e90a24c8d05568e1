package org.parley.media.sdp;

/**
 * Writes a {@link SessionDescription} as SDP text: CRLF line ends, lines in RFC 8866 §5 order,
 * typed attributes in the order libwebrtc uses, then the kept unknown attributes in their
 * original order. Writing is deterministic, so {@code write(parse(write(d)))} equals {@code write(d)}.
 */
public final class SdpWriter {

    private static final String CRLF = "\r\n";

    private SdpWriter() {
    }

    public static String write(SessionDescription sd) {
        StringBuilder out = new StringBuilder(2048);
        line(out, 'v', Integer.toString(sd.version()));
        line(out, 'o', sd.origin().toString());
        line(out, 's', sd.sessionName());
        // RFC 8866 §5: v o s i u e p c b t r z k a, then media sections.
        otherLines(out, sd.otherLines(), "iuep");
        if (sd.connection() != null) {
            line(out, 'c', sd.connection().toString());
        }
        otherLines(out, sd.otherLines(), "b");
        line(out, 't', sd.timing().toString());
        otherLines(out, sd.otherLines(), "k");

        for (Group group : sd.groups()) {
            attribute(out, "group", group.toString());
        }
        flag(out, "ice-lite", sd.iceLite());
        transport(out, sd.transport());
        direction(out, sd.direction());
        for (Attribute attribute : sd.otherAttributes()) {
            line(out, 'a', attribute.toString());
        }
        attribute(out, "msid-semantic", sd.msidSemantic());

        for (MediaDescription m : sd.media()) {
            writeMedia(out, m);
        }
        return out.toString();
    }

    private static void writeMedia(StringBuilder out, MediaDescription m) {
        StringBuilder mLine = new StringBuilder().append(m.kind()).append(' ').append(m.port()).append(' ').append(m.proto());
        for (String format : m.formats()) {
            mLine.append(' ').append(format);
        }
        line(out, 'm', mLine.toString());
        otherLines(out, m.otherLines(), "i");
        if (m.connection() != null) {
            line(out, 'c', m.connection().toString());
        }
        otherLines(out, m.otherLines(), "bk");

        for (Attribute attribute : m.otherAttributes()) {
            line(out, 'a', attribute.toString());
        }
        transport(out, m.transport());
        attribute(out, "mid", m.mid());
        for (Extmap extmap : m.extmaps()) {
            attribute(out, "extmap", extmap);
        }
        direction(out, m.direction());
        for (Msid msid : m.msids()) {
            attribute(out, "msid", msid);
        }
        flag(out, "rtcp-mux", m.rtcpMux());
        flag(out, "rtcp-rsize", m.rtcpReducedSize());
        for (RtcpFeedback fb : m.rtcpFeedback()) {
            if (fb.payloadType() == RtcpFeedback.ALL_PAYLOAD_TYPES) {
                attribute(out, "rtcp-fb", fb);
            }
        }
        for (int pt : m.payloadTypes()) {
            attribute(out, "rtpmap", m.rtpMap(pt));
            for (RtcpFeedback fb : m.rtcpFeedback()) {
                if (fb.payloadType() == pt) {
                    attribute(out, "rtcp-fb", fb);
                }
            }
            attribute(out, "fmtp", m.fmtp(pt));
        }
        for (SsrcGroup group : m.ssrcGroups()) {
            attribute(out, "ssrc-group", group);
        }
        for (SsrcAttribute ssrc : m.ssrcAttributes()) {
            attribute(out, "ssrc", ssrc);
        }
        for (Candidate candidate : m.candidates()) {
            attribute(out, "candidate", candidate);
        }
        flag(out, "end-of-candidates", m.endOfCandidates());
    }

    /** The same order at both levels, as libwebrtc writes them. */
    private static void transport(StringBuilder out, TransportAttributes t) {
        attribute(out, "ice-ufrag", t.iceUfrag());
        attribute(out, "ice-pwd", t.icePwd());
        attribute(out, "ice-options", t.iceOptions());
        for (Fingerprint fingerprint : t.fingerprints()) {
            attribute(out, "fingerprint", fingerprint);
        }
        attribute(out, "setup", t.setup() == null ? null : t.setup().value());
    }

    private static void direction(StringBuilder out, Direction direction) {
        if (direction != null) {
            flag(out, direction.attributeName(), true);
        }
    }

    private static void otherLines(StringBuilder out, Iterable<OtherLine> lines, String types) {
        for (int i = 0; i < types.length(); i++) {
            for (OtherLine other : lines) {
                if (other.type() == types.charAt(i)) {
                    line(out, other.type(), other.value());
                }
            }
        }
    }

    /** Writes {@code a=name:value} unless {@code value} is null. */
    private static void attribute(StringBuilder out, String name, Object value) {
        if (value != null) {
            out.append("a=").append(name).append(':').append(value).append(CRLF);
        }
    }

    private static void flag(StringBuilder out, String name, boolean present) {
        if (present) {
            out.append("a=").append(name).append(CRLF);
        }
    }

    private static void line(StringBuilder out, char type, String value) {
        out.append(type).append('=').append(value).append(CRLF);
    }
}
