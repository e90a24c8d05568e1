package org.parley.media.sdp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One media section: an {@code m=} line and the lines up to the next one (RFC 8866 §5.14).
 *
 * <p>Attributes WebRTC uses are typed fields; every other attribute is kept, in order, in
 * {@link #otherAttributes()}. ICE credentials, fingerprint and setup are in {@link #transport()}
 * and, like {@link #direction()}, are the media-level values only;
 * {@link SessionDescription#iceUfragOf(MediaDescription)} and friends apply the session-level
 * fallback. Instances are mutable and not thread-safe: build or read on one thread.
 */
public final class MediaDescription {

    private final String kind;
    private int port;
    private final String proto;
    private final List<String> formats = new ArrayList<>();
    private final List<OtherLine> otherLines = new ArrayList<>();
    private Connection connection;

    private String mid;
    private Direction direction;
    private final TransportAttributes transport = new TransportAttributes();
    private boolean rtcpMux;
    private boolean rtcpReducedSize;
    private boolean endOfCandidates;
    private final Map<Integer, RtpMap> rtpMaps = new LinkedHashMap<>();
    private final Map<Integer, Fmtp> fmtps = new LinkedHashMap<>();
    private final List<RtcpFeedback> rtcpFeedback = new ArrayList<>();
    private final List<Extmap> extmaps = new ArrayList<>();
    private final List<SsrcAttribute> ssrcAttributes = new ArrayList<>();
    private final List<SsrcGroup> ssrcGroups = new ArrayList<>();
    private final List<Msid> msids = new ArrayList<>();
    private final List<Candidate> candidates = new ArrayList<>();
    private final List<Attribute> otherAttributes = new ArrayList<>();

    /**
     * @param kind    media type, e.g. {@code audio}, {@code video}, {@code application}
     * @param port    transport port; 0 rejects the section (RFC 3264 §6)
     * @param proto   transport protocol, e.g. {@code UDP/TLS/RTP/SAVPF}
     * @param formats payload types (as text) or other format names, at least one
     */
    public MediaDescription(String kind, int port, String proto, List<String> formats) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.port = port;
        this.proto = Objects.requireNonNull(proto, "proto");
        this.formats.addAll(formats);
    }

    public String kind() {
        return kind;
    }

    public int port() {
        return port;
    }

    public MediaDescription setPort(int port) {
        this.port = port;
        return this;
    }

    public String proto() {
        return proto;
    }

    /** Whether the protocol carries RTP, so formats are payload types (RFC 8866 §5.14). */
    public boolean isRtp() {
        return proto.contains("RTP/");
    }

    public List<String> formats() {
        return Collections.unmodifiableList(formats);
    }

    /** The formats as payload types; empty unless {@link #isRtp()} (the parser checked they are numbers). */
    public List<Integer> payloadTypes() {
        List<Integer> pts = new ArrayList<>();
        if (isRtp()) {
            for (String format : formats) {
                pts.add(Integer.parseInt(format));
            }
        }
        return pts;
    }

    /** Lines other than {@code m= c= a=}: {@code i= b= k=}, in order. */
    public List<OtherLine> otherLines() {
        return Collections.unmodifiableList(otherLines);
    }

    public MediaDescription addOtherLine(OtherLine line) {
        otherLines.add(line);
        return this;
    }

    /** The media-level {@code c=} line, or null. */
    public Connection connection() {
        return connection;
    }

    public MediaDescription setConnection(Connection connection) {
        this.connection = connection;
        return this;
    }

    /** The {@code a=mid} identification tag (RFC 5888 §4), or null. */
    public String mid() {
        return mid;
    }

    public MediaDescription setMid(String mid) {
        this.mid = mid;
        return this;
    }

    /** The direction attribute written in this section, or null when there is none. */
    public Direction direction() {
        return direction;
    }

    public MediaDescription setDirection(Direction direction) {
        this.direction = direction;
        return this;
    }

    /** The media-level ICE and DTLS attributes; changes to it change this section. */
    public TransportAttributes transport() {
        return transport;
    }

    /** Whether {@code a=rtcp-mux} is present (RFC 5761 §5.1.3). */
    public boolean rtcpMux() {
        return rtcpMux;
    }

    public MediaDescription setRtcpMux(boolean rtcpMux) {
        this.rtcpMux = rtcpMux;
        return this;
    }

    /** Whether {@code a=rtcp-rsize} is present (RFC 5506 §5). */
    public boolean rtcpReducedSize() {
        return rtcpReducedSize;
    }

    public MediaDescription setRtcpReducedSize(boolean rtcpReducedSize) {
        this.rtcpReducedSize = rtcpReducedSize;
        return this;
    }

    /** Whether {@code a=end-of-candidates} is present (RFC 8840 §8.2). */
    public boolean endOfCandidates() {
        return endOfCandidates;
    }

    public MediaDescription setEndOfCandidates(boolean endOfCandidates) {
        this.endOfCandidates = endOfCandidates;
        return this;
    }

    /** The rtpmap of a payload type, or null. */
    public RtpMap rtpMap(int payloadType) {
        return rtpMaps.get(payloadType);
    }

    public Collection<RtpMap> rtpMaps() {
        return Collections.unmodifiableCollection(rtpMaps.values());
    }

    /** Adds or replaces the rtpmap of {@code rtpMap.payloadType()}. */
    public MediaDescription putRtpMap(RtpMap rtpMap) {
        rtpMaps.put(rtpMap.payloadType(), rtpMap);
        return this;
    }

    /** The fmtp of a payload type, or null. */
    public Fmtp fmtp(int payloadType) {
        return fmtps.get(payloadType);
    }

    public Collection<Fmtp> fmtps() {
        return Collections.unmodifiableCollection(fmtps.values());
    }

    /** Adds or replaces the fmtp of {@code fmtp.payloadType()}. */
    public MediaDescription putFmtp(Fmtp fmtp) {
        fmtps.put(fmtp.payloadType(), fmtp);
        return this;
    }

    /** All rtcp-fb lines, wildcard ones included. */
    public List<RtcpFeedback> rtcpFeedback() {
        return Collections.unmodifiableList(rtcpFeedback);
    }

    /** The rtcp-fb lines that apply to a payload type, including {@code *} lines. */
    public List<RtcpFeedback> rtcpFeedback(int payloadType) {
        List<RtcpFeedback> result = new ArrayList<>();
        for (RtcpFeedback fb : rtcpFeedback) {
            if (fb.appliesTo(payloadType)) {
                result.add(fb);
            }
        }
        return result;
    }

    /** Whether feedback of this type and parameter (null for none) applies to a payload type. */
    public boolean hasRtcpFeedback(int payloadType, String type, String parameter) {
        for (RtcpFeedback fb : rtcpFeedback) {
            if (fb.appliesTo(payloadType) && fb.type().equals(type) && Objects.equals(fb.parameter(), parameter)) {
                return true;
            }
        }
        return false;
    }

    public MediaDescription addRtcpFeedback(RtcpFeedback feedback) {
        rtcpFeedback.add(feedback);
        return this;
    }

    public List<Extmap> extmaps() {
        return Collections.unmodifiableList(extmaps);
    }

    /** The extmap for a URI, or null. */
    public Extmap extmap(String uri) {
        for (Extmap extmap : extmaps) {
            if (extmap.uri().equals(uri)) {
                return extmap;
            }
        }
        return null;
    }

    public MediaDescription addExtmap(Extmap extmap) {
        extmaps.add(extmap);
        return this;
    }

    public List<SsrcAttribute> ssrcAttributes() {
        return Collections.unmodifiableList(ssrcAttributes);
    }

    /** The distinct SSRCs of the {@code a=ssrc} lines, in order of first appearance. */
    public List<Long> ssrcs() {
        Set<Long> ssrcs = new LinkedHashSet<>();
        for (SsrcAttribute attribute : ssrcAttributes) {
            ssrcs.add(attribute.ssrc());
        }
        return List.copyOf(ssrcs);
    }

    public MediaDescription addSsrcAttribute(SsrcAttribute attribute) {
        ssrcAttributes.add(attribute);
        return this;
    }

    public List<SsrcGroup> ssrcGroups() {
        return Collections.unmodifiableList(ssrcGroups);
    }

    public MediaDescription addSsrcGroup(SsrcGroup group) {
        ssrcGroups.add(group);
        return this;
    }

    public List<Msid> msids() {
        return Collections.unmodifiableList(msids);
    }

    public MediaDescription addMsid(Msid msid) {
        msids.add(msid);
        return this;
    }

    public List<Candidate> candidates() {
        return Collections.unmodifiableList(candidates);
    }

    public MediaDescription addCandidate(Candidate candidate) {
        candidates.add(candidate);
        return this;
    }

    /** Attributes without a typed field above, in the order they appeared. */
    public List<Attribute> otherAttributes() {
        return Collections.unmodifiableList(otherAttributes);
    }

    /** The first other attribute with this name, or null. */
    public Attribute otherAttribute(String name) {
        for (Attribute attribute : otherAttributes) {
            if (attribute.name().equals(name)) {
                return attribute;
            }
        }
        return null;
    }

    public MediaDescription addOtherAttribute(Attribute attribute) {
        otherAttributes.add(attribute);
        return this;
    }
}
