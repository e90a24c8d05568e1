package org.parley.media.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A parsed or built SDP session description (RFC 8866 §5): the session-level lines and the media
 * sections in order.
 *
 * <p>Session-level attributes WebRTC uses are typed fields (the ICE and DTLS ones in
 * {@link #transport()}); the rest are kept, in order, in {@link #otherAttributes()}.
 * {@link #toString()} writes the description with {@link SdpWriter}. Instances are mutable and
 * not thread-safe.
 */
public final class SessionDescription {

    private Origin origin;
    private String sessionName;
    private Connection connection;
    private Timing timing = Timing.UNBOUNDED;
    private final List<OtherLine> otherLines = new ArrayList<>();

    private final List<Group> groups = new ArrayList<>();
    private boolean iceLite;
    private final TransportAttributes transport = new TransportAttributes();
    private Direction direction;
    private MsidSemantic msidSemantic;
    private final List<Attribute> otherAttributes = new ArrayList<>();
    private final List<MediaDescription> media = new ArrayList<>();

    public SessionDescription(Origin origin, String sessionName) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
    }

    /** The {@code v=} protocol version; always 0 (RFC 8866 §5.1). */
    public int version() {
        return 0;
    }

    public Origin origin() {
        return origin;
    }

    public SessionDescription setOrigin(Origin origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
        return this;
    }

    /** The {@code s=} line; WebRTC writes {@code -}. */
    public String sessionName() {
        return sessionName;
    }

    public SessionDescription setSessionName(String sessionName) {
        this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
        return this;
    }

    /** The session-level {@code c=} line, or null. */
    public Connection connection() {
        return connection;
    }

    public SessionDescription setConnection(Connection connection) {
        this.connection = connection;
        return this;
    }

    public Timing timing() {
        return timing;
    }

    public SessionDescription setTiming(Timing timing) {
        this.timing = Objects.requireNonNull(timing, "timing");
        return this;
    }

    /** Session lines WebRTC does not use ({@code i= u= e= p= b= k=}), in order. */
    public List<OtherLine> otherLines() {
        return Collections.unmodifiableList(otherLines);
    }

    public SessionDescription addOtherLine(OtherLine line) {
        otherLines.add(line);
        return this;
    }

    public List<Group> groups() {
        return Collections.unmodifiableList(groups);
    }

    /** The first group with these semantics (e.g. {@link Group#BUNDLE}), or null. */
    public Group group(String semantics) {
        for (Group group : groups) {
            if (group.semantics().equals(semantics)) {
                return group;
            }
        }
        return null;
    }

    public SessionDescription addGroup(Group group) {
        groups.add(group);
        return this;
    }

    /** Whether {@code a=ice-lite} is present (RFC 8839 §5.3). */
    public boolean iceLite() {
        return iceLite;
    }

    public SessionDescription setIceLite(boolean iceLite) {
        this.iceLite = iceLite;
        return this;
    }

    /** The session-level ICE and DTLS attributes; changes to it change this description. */
    public TransportAttributes transport() {
        return transport;
    }

    /** A session-level direction attribute, or null. */
    public Direction direction() {
        return direction;
    }

    public SessionDescription setDirection(Direction direction) {
        this.direction = direction;
        return this;
    }

    public MsidSemantic msidSemantic() {
        return msidSemantic;
    }

    public SessionDescription setMsidSemantic(MsidSemantic msidSemantic) {
        this.msidSemantic = msidSemantic;
        return this;
    }

    public List<Attribute> otherAttributes() {
        return Collections.unmodifiableList(otherAttributes);
    }

    public SessionDescription addOtherAttribute(Attribute attribute) {
        otherAttributes.add(attribute);
        return this;
    }

    public List<MediaDescription> media() {
        return Collections.unmodifiableList(media);
    }

    public SessionDescription addMedia(MediaDescription description) {
        media.add(Objects.requireNonNull(description, "description"));
        return this;
    }

    // RFC 8839 §5.4, RFC 8122 §5, RFC 4145 §4, RFC 3264 §5.1: a media-level value wins over the
    // session-level one, which applies to every media section that has none.

    public String iceUfragOf(MediaDescription m) {
        return mediaOrSession(m.transport().iceUfrag(), transport.iceUfrag());
    }

    public String icePwdOf(MediaDescription m) {
        return mediaOrSession(m.transport().icePwd(), transport.icePwd());
    }

    public Fingerprint fingerprintOf(MediaDescription m) {
        return mediaOrSession(m.transport().fingerprint(), transport.fingerprint());
    }

    public Setup setupOf(MediaDescription m) {
        return mediaOrSession(m.transport().setup(), transport.setup());
    }

    /** The effective direction; {@code sendrecv} when neither level says (RFC 3264 §5.1). */
    public Direction directionOf(MediaDescription m) {
        Direction effective = mediaOrSession(m.direction(), direction);
        return effective != null ? effective : Direction.SENDRECV;
    }

    private static <T> T mediaOrSession(T mediaValue, T sessionValue) {
        return mediaValue != null ? mediaValue : sessionValue;
    }

    /** The description as SDP text with CRLF line ends. */
    @Override
    public String toString() {
        return SdpWriter.write(this);
    }
}
