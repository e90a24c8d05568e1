package org.parley.media.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses SDP text (RFC 8866) into a {@link SessionDescription}.
 *
 * <p>Lines may end in CRLF or LF. The parser is strict where WebRTC depends on a value (every
 * attribute with a typed field is validated) and keeps attributes it does not know. Every problem
 * is reported as an {@link SdpException} whose message names the line and what is wrong; no other
 * exception escapes. Input is bounded: {@value #MAX_LENGTH} characters, {@value #MAX_LINES} lines,
 * {@value #MAX_MEDIA} media sections, attribute values of {@value #MAX_VALUE_LENGTH} characters.
 */
public final class SdpParser {

    public static final int MAX_LENGTH = 64 * 1024;
    public static final int MAX_LINES = 4096;
    public static final int MAX_MEDIA = 64;
    public static final int MAX_VALUE_LENGTH = 4096;

    private final SessionDescription session;
    private MediaDescription media;
    private boolean sawTiming;
    private final Set<String> mids = new HashSet<>();

    private SdpParser(SessionDescription session) {
        this.session = session;
    }

    public static SessionDescription parse(String text) throws SdpException {
        if (text == null || text.isBlank()) {
            throw new SdpException("empty SDP");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SdpException("SDP is " + text.length() + " characters, more than the limit of " + MAX_LENGTH);
        }
        List<String> lines = splitLines(text);
        // RFC 8866 §5: v=, o= and s= come first, in that order.
        expectType(lines, 0, 'v');
        if (!lines.get(0).equals("v=0")) {
            throw new SdpException(1, "unsupported protocol version '" + lines.get(0).substring(2) + "', expected v=0");
        }
        expectType(lines, 1, 'o');
        expectType(lines, 2, 's');
        Origin origin;
        try {
            origin = Origin.parse(lines.get(1).substring(2));
        } catch (SdpException e) {
            throw new SdpException(2, e.getMessage());
        }
        String sessionName = lines.get(2).substring(2);
        if (sessionName.isEmpty()) {
            throw new SdpException(3, "s= must not be empty (use s=-)");
        }
        SdpParser parser = new SdpParser(new SessionDescription(origin, sessionName));
        for (int i = 3; i < lines.size(); i++) {
            try {
                parser.parseLine(lines.get(i).charAt(0), lines.get(i).substring(2));
            } catch (SdpException e) {
                throw new SdpException(i + 1, e.getMessage());
            }
        }
        parser.finish();
        return parser.session;
    }

    /** Splits on LF, drops a CR before it, checks the limits and the {@code <type>=} shape of each line. */
    private static List<String> splitLines(String text) throws SdpException {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            if (lines.size() == MAX_LINES) {
                throw new SdpException("SDP has more than " + MAX_LINES + " lines");
            }
            int lf = text.indexOf('\n', start);
            int end = lf < 0 ? text.length() : lf;
            String line = text.substring(start, end > start && text.charAt(end - 1) == '\r' ? end - 1 : end);
            start = end + 1;
            checkShape(line, lines.size() + 1);
            lines.add(line);
        }
        return lines;
    }

    private static void checkShape(String line, int number) throws SdpException {
        if (line.isEmpty()) {
            throw new SdpException(number, "empty line");
        }
        if (line.length() < 2 || line.charAt(0) < 'a' || line.charAt(0) > 'z' || line.charAt(1) != '=') {
            throw new SdpException(number, "expected <type>=<value>, found '" + abbreviate(line) + "'");
        }
        if (line.length() - 2 > MAX_VALUE_LENGTH) {
            throw new SdpException(number, "value is longer than " + MAX_VALUE_LENGTH + " characters");
        }
        for (int i = 2; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new SdpException(number, "control character 0x" + Integer.toHexString(c) + " at column " + (i + 1));
            }
        }
    }

    private static void expectType(List<String> lines, int index, char type) throws SdpException {
        if (index >= lines.size()) {
            throw new SdpException("SDP ends before the " + type + "= line");
        }
        if (lines.get(index).charAt(0) != type) {
            throw new SdpException(index + 1, "expected " + type + "= line, found " + lines.get(index).charAt(0) + "=");
        }
    }

    private void parseLine(char type, String value) throws SdpException {
        switch (type) {
            case 'm' -> startMedia(value);
            case 'a' -> parseAttribute(value);
            case 'c' -> parseConnection(value);
            case 't' -> parseTiming(value);
            case 'i', 'b', 'k' -> addOtherLine(new OtherLine(type, value));
            case 'u', 'e', 'p' -> {
                if (media != null) {
                    throw new SdpException(type + "= is only allowed at session level");
                }
                session.addOtherLine(new OtherLine(type, value));
            }
            case 'r', 'z' -> throw new SdpException(type + "= lines (repeat times, time zones) are not supported");
            case 'v', 'o', 's' -> throw new SdpException("duplicate " + type + "= line");
            default -> throw new SdpException("unknown line type '" + type + "='");
        }
    }

    private void addOtherLine(OtherLine line) {
        if (media != null) {
            media.addOtherLine(line);
        } else {
            session.addOtherLine(line);
        }
    }

    private void parseTiming(String value) throws SdpException {
        if (media != null) {
            throw new SdpException("t= is only allowed at session level");
        }
        if (sawTiming) {
            throw new SdpException("only one t= line is supported");
        }
        sawTiming = true;
        session.setTiming(Timing.parse(value));
    }

    private void parseConnection(String value) throws SdpException {
        Connection connection = Connection.parse(value);
        if (media != null) {
            if (media.connection() != null) {
                throw new SdpException("more than one c= line in a media section");
            }
            media.setConnection(connection);
        } else {
            if (session.connection() != null) {
                throw new SdpException("more than one session-level c= line");
            }
            session.setConnection(connection);
        }
    }

    /** RFC 8866 §5.14: {@code m=<media> <port> <proto> <fmt> ...}. */
    private void startMedia(String value) throws SdpException {
        if (!sawTiming) {
            throw new SdpException("m= line before the t= line");
        }
        if (session.media().size() == MAX_MEDIA) {
            throw new SdpException("more than " + MAX_MEDIA + " media sections");
        }
        Fields f = Fields.of(value);
        if (f.count() < 4) {
            throw new SdpException("m= line needs at least 4 fields (media, port, proto, format), found " + f.count());
        }
        String kind = Fields.token(f.next("media"), "media type");
        String portField = f.next("port");
        if (portField.indexOf('/') >= 0) {
            throw new SdpException("m= port ranges are not supported");
        }
        int port = (int) Fields.number(portField, "port", 0, 65535);
        String proto = Fields.visible(f.next("proto"), "proto");
        List<String> formats = new ArrayList<>();
        while (f.hasNext()) {
            formats.add(Fields.token(f.next("format"), "format"));
        }
        media = new MediaDescription(kind, port, proto, formats);
        if (media.isRtp()) {
            for (String format : formats) {
                Fields.number(format, "RTP payload type", 0, 127);
            }
        }
        session.addMedia(media);
    }

    private void parseAttribute(String text) throws SdpException {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? null : text.substring(colon + 1);
        Fields.token(name, "attribute name");
        try {
            if (parseDirection(name, value)
                    || parseTransportAttribute(media == null ? session.transport() : media.transport(), name, value)) {
                return;
            }
            if (media == null) {
                parseSessionAttribute(name, value);
            } else {
                parseMediaAttribute(name, value);
            }
        } catch (SdpException e) {
            throw new SdpException("a=" + name + ": " + e.getMessage());
        }
    }

    /** RFC 8866 §6.7: at most one direction attribute at session level and one per media section. */
    private boolean parseDirection(String name, String value) throws SdpException {
        Direction direction = Direction.fromAttributeName(name);
        if (direction == null) {
            return false;
        }
        noValue(value);
        if (media == null) {
            session.setDirection(once(session.direction(), direction, "direction attribute"));
        } else {
            media.setDirection(once(media.direction(), direction, "direction attribute"));
        }
        return true;
    }

    /** The attributes allowed at either level (see {@link TransportAttributes}); false for any other name. */
    private static boolean parseTransportAttribute(TransportAttributes t, String name, String value) throws SdpException {
        switch (name) {
            case "ice-ufrag" -> t.setIceUfrag(once(t.iceUfrag(), IceCredentials.parseUfrag(required(value)), name));
            case "ice-pwd" -> t.setIcePwd(once(t.icePwd(), IceCredentials.parsePwd(required(value)), name));
            case "ice-options" -> t.setIceOptions(once(t.iceOptions(), iceOptions(required(value)), name));
            case "setup" -> t.setSetup(once(t.setup(), Setup.parse(required(value)), name));
            case "fingerprint" -> t.addFingerprint(Fingerprint.parse(required(value)));
            default -> {
                return false;
            }
        }
        return true;
    }

    private void parseSessionAttribute(String name, String value) throws SdpException {
        switch (name) {
            case "group" -> session.addGroup(Group.parse(required(value)));
            case "ice-lite" -> session.setIceLite(noValue(value));
            case "msid-semantic" -> session.setMsidSemantic(once(session.msidSemantic(), MsidSemantic.parse(required(value)), name));
            default -> session.addOtherAttribute(new Attribute(name, value));
        }
    }

    private void parseMediaAttribute(String name, String value) throws SdpException {
        MediaDescription m = media;
        switch (name) {
            case "mid" -> {
                String mid = Fields.token(required(value), "mid");
                m.setMid(once(m.mid(), mid, name));
                if (!mids.add(mid)) {
                    throw new SdpException("mid '" + mid + "' is used by an earlier m= line");
                }
            }
            case "rtcp-mux" -> m.setRtcpMux(noValue(value));
            case "rtcp-rsize" -> m.setRtcpReducedSize(noValue(value));
            case "end-of-candidates" -> m.setEndOfCandidates(noValue(value));
            case "rtpmap" -> {
                RtpMap rtpMap = RtpMap.parse(required(value));
                checkPayloadType(rtpMap.payloadType());
                if (m.rtpMap(rtpMap.payloadType()) != null) {
                    throw new SdpException("second rtpmap for payload type " + rtpMap.payloadType());
                }
                m.putRtpMap(rtpMap);
            }
            case "fmtp" -> {
                if (!m.isRtp()) {
                    m.addOtherAttribute(new Attribute(name, value));
                    return;
                }
                Fmtp fmtp = Fmtp.parse(required(value));
                checkPayloadType(fmtp.payloadType());
                if (m.fmtp(fmtp.payloadType()) != null) {
                    throw new SdpException("second fmtp for payload type " + fmtp.payloadType());
                }
                m.putFmtp(fmtp);
            }
            case "rtcp-fb" -> {
                RtcpFeedback fb = RtcpFeedback.parse(required(value));
                if (fb.payloadType() != RtcpFeedback.ALL_PAYLOAD_TYPES) {
                    checkPayloadType(fb.payloadType());
                }
                m.addRtcpFeedback(fb);
            }
            case "extmap" -> {
                Extmap extmap = Extmap.parse(required(value));
                for (Extmap other : m.extmaps()) {
                    if (other.id() == extmap.id()) {
                        throw new SdpException("extension id " + extmap.id() + " is used twice");
                    }
                }
                m.addExtmap(extmap);
            }
            case "ssrc" -> m.addSsrcAttribute(SsrcAttribute.parse(required(value)));
            case "ssrc-group" -> m.addSsrcGroup(SsrcGroup.parse(required(value)));
            case "msid" -> m.addMsid(Msid.parse(required(value)));
            case "candidate" -> m.addCandidate(Candidate.parse(required(value)));
            default -> m.addOtherAttribute(new Attribute(name, value));
        }
    }

    /** RFC 8866 §6.6: rtpmap, fmtp and rtcp-fb describe formats of their own m= line. */
    private void checkPayloadType(int pt) throws SdpException {
        if (!media.isRtp()) {
            throw new SdpException("payload type attribute on a non-RTP m= line");
        }
        if (!media.formats().contains(Integer.toString(pt))) {
            throw new SdpException("payload type " + pt + " is not in the m= line");
        }
    }

    private void finish() throws SdpException {
        if (!sawTiming) {
            throw new SdpException("missing t= line");
        }
        for (Group group : session.groups()) {
            for (String mid : group.mids()) {
                if (!mids.contains(mid)) {
                    throw new SdpException("a=group:" + group.semantics() + " names mid '" + mid + "' that no m= line has");
                }
            }
        }
    }

    private static String iceOptions(String value) throws SdpException {
        Fields f = Fields.of(value);
        do {
            Fields.token(f.next("ice option"), "ice option");
        } while (f.hasNext());
        return value.trim();
    }

    private static String required(String value) throws SdpException {
        if (value == null || value.isBlank()) {
            throw new SdpException("needs a value");
        }
        return value;
    }

    private static boolean noValue(String value) throws SdpException {
        if (value != null) {
            throw new SdpException("takes no value");
        }
        return true;
    }

    private static <T> T once(T existing, T parsed, String what) throws SdpException {
        if (existing != null) {
            throw new SdpException("more than one " + what);
        }
        return parsed;
    }

    private static String abbreviate(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }
}
