package org.parley.media.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers a peer's offer as an ICE-lite, BUNDLE-only, audio-only SFU (RFC 3264, RFC 8829 §5.3).
 *
 * <p>Opus audio m-lines are accepted: the ones the peer sends on become {@link MediaRole#PUBLISH}
 * lines (answered {@code recvonly}), the ones it only receives on become {@link MediaRole#SUBSCRIBE}
 * lines (answered {@code sendonly} with our SSRC and the msid {@code <cname>-<mid> audio-<mid>}, one
 * MediaStream per line). Everything else is rejected with port 0.
 * Our DTLS role is always {@code passive}: the peer is the DTLS client.
 *
 * <p>One answerer belongs to one transport: it keeps the {@code o=} session id and increments the
 * version with every answer, as re-offers require (RFC 3264 §8). Not thread-safe.
 */
public final class SdpAnswerer {

    private static final int OPUS_CLOCK_RATE = 48000;
    private static final int OPUS_CHANNELS = 2;
    /** RFC 8839 §5.1: port 9 (discard) in m= lines whose real address is in the candidates. */
    private static final int PLACEHOLDER_PORT = 9;
    /** RFC 8445 §5.1.2.1 priority of a host candidate: type preference 126, local 65535, component 1. */
    static final long HOST_PRIORITY = priority(126, 65535, 1);
    /**
     * A passive TCP host candidate. RFC 6544 §4.2: local preference = 2^13 * direction-pref + other-pref,
     * with direction-pref 4 for a passive host candidate and other-pref 8191 (we have one address). Its
     * type preference is below the UDP host's 126 (RFC 8445 §5.1.2.2 leaves it to us; 90 is what
     * libwebrtc gives TCP host candidates), so every UDP pair outranks every TCP pair and a peer
     * that can use UDP does.
     */
    static final long TCP_PASSIVE_HOST_PRIORITY = priority(90, (1 << 13) * 4 + 8191, 1);
    private static final Set<String> SECURE_RTP_PROTOS = Set.of("UDP/TLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP");
    private static final List<String> ACCEPTED_EXTENSIONS = List.of(
            Extmap.SDES_MID, Extmap.SSRC_AUDIO_LEVEL, Extmap.ABS_SEND_TIME, Extmap.TRANSPORT_WIDE_CC);
    private static final Map<String, String> OPUS_PARAMETERS = opusParameters();

    private final String sessionId;
    private long sessionVersion;

    /** An answerer with a random {@code o=} session id. */
    public SdpAnswerer() {
        this(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    /** An answerer with a given {@code o=} session id (RFC 8866 §5.2: a numeric string). */
    public SdpAnswerer(long sessionId) {
        if (sessionId < 0) {
            throw new IllegalArgumentException("sessionId must not be negative");
        }
        this.sessionId = Long.toString(sessionId);
    }

    /**
     * Answers {@code offer}. Throws if the offer is unusable as a whole: no acceptable audio m-line,
     * several m-lines without BUNDLE, missing ICE credentials or fingerprint, no rtcp-mux or a DTLS
     * setup other than {@code actpass}/{@code active} on an accepted line.
     */
    public Answer answer(SessionDescription offer, LocalParameters local) throws SdpException {
        return answer(offer, local, media -> { });
    }

    /**
     * Answers {@code offer} if {@code admission} accepts what it negotiates; when it throws, the
     * answer is dropped and the {@code o=} version not advanced, so the next answer still follows
     * the last one the peer saw by one (RFC 3264 §8).
     */
    public Answer answer(SessionDescription offer, LocalParameters local, Admission admission) throws SdpException {
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(local, "local");
        Group bundle = offer.group(Group.BUNDLE);
        if (bundle == null && offer.media().size() > 1) {
            throw new SdpException("offer has " + offer.media().size()
                    + " m-lines but no a=group:BUNDLE; this server only bundles (RFC 8843)");
        }

        // RFC 8829 §5.2.1: the o= address is a placeholder; the version only advances for answers we give.
        SessionDescription answer = new SessionDescription(
                new Origin("-", sessionId, sessionVersion + 1, "IN", "IP4", "127.0.0.1"), "-");
        List<NegotiatedMedia> negotiated = new ArrayList<>();
        Set<String> acceptedMids = new LinkedHashSet<>();
        List<String> rejections = new ArrayList<>();
        MediaDescription transportLine = null;

        for (int index = 0; index < offer.media().size(); index++) {
            MediaDescription offered = offer.media().get(index);
            String mid = offered.mid();
            if (mid == null) {
                throw new SdpException("m-line " + (index + 1) + " (" + offered.kind()
                        + ") has no a=mid, which Unified Plan requires (RFC 8829 §5.2.1)");
            }
            String rejection = rejectionReason(offered, bundle);
            if (rejection != null) {
                rejections.add("mid " + mid + ": " + rejection);
                answer.addMedia(rejectedLine(offered));
                negotiated.add(NegotiatedMedia.rejected(mid));
                continue;
            }
            checkTransport(offer, offered);
            if (transportLine == null) {
                transportLine = offered;
            } else {
                checkSameTransport(offer, transportLine, offered);
            }
            AcceptedLine line = acceptLine(offer, offered, local);
            answer.addMedia(line.description);
            negotiated.add(line.negotiated);
            acceptedMids.add(mid);
        }
        if (acceptedMids.isEmpty()) {
            throw new SdpException("no acceptable m-line in the offer (" + String.join("; ", rejections) + ")");
        }

        // RFC 8843 §7.3.1: the answerer's group lists the accepted mids; the first is the tagged one.
        List<String> bundleMids = new ArrayList<>();
        for (String mid : bundle != null ? bundle.mids() : List.copyOf(acceptedMids)) {
            if (acceptedMids.contains(mid)) {
                bundleMids.add(mid);
            }
        }
        answer.addGroup(new Group(Group.BUNDLE, bundleMids));
        answer.setIceLite(true);
        answer.setMsidSemantic(new MsidSemantic("WMS", List.of("*")));

        admission.admit(negotiated);
        sessionVersion++;
        Setup remoteSetup = offer.setupOf(transportLine);
        return new Answer(answer, answer.toString(), negotiated,
                new IceCredentials(offer.iceUfragOf(transportLine), offer.icePwdOf(transportLine)),
                offer.fingerprintOf(transportLine), remoteSetup == null ? Setup.ACTIVE : remoteSetup);
    }

    /** Decides whether an answer's negotiated lines may be applied. */
    @FunctionalInterface
    public interface Admission {
        /** @throws SdpException (or a subclass naming a limit) to refuse the whole offer */
        void admit(List<NegotiatedMedia> media) throws SdpException;
    }

    /** Why an m-line is rejected (RFC 3264 §6), or null if we can take it. */
    private static String rejectionReason(MediaDescription offered, Group bundle) {
        if (offered.port() == 0 && offered.otherAttribute("bundle-only") == null) {
            return "port 0 (stopped by the offerer)";
        }
        if (!offered.kind().equals("audio")) {
            return offered.kind() + " is not supported";
        }
        if (!SECURE_RTP_PROTOS.contains(offered.proto())) {
            return "proto " + offered.proto() + " is not DTLS-SRTP over UDP";
        }
        if (opusPayloadType(offered) < 0) {
            return "no opus/48000/2";
        }
        if (bundle != null && !bundle.mids().contains(offered.mid())) {
            return "not in the BUNDLE group";
        }
        return null;
    }

    /** The first Opus payload type in the offer's preference order (RFC 7587 §7), or -1. */
    private static int opusPayloadType(MediaDescription offered) {
        for (int pt : offered.payloadTypes()) {
            RtpMap rtpMap = offered.rtpMap(pt);
            if (rtpMap != null && rtpMap.is("opus", OPUS_CLOCK_RATE, OPUS_CHANNELS)) {
                return pt;
            }
        }
        return -1;
    }

    /** Transport requirements of an accepted m-line; failing them fails the whole offer, as BUNDLE shares them. */
    private static void checkTransport(SessionDescription offer, MediaDescription offered) throws SdpException {
        String mid = offered.mid();
        if (!offered.rtcpMux()) {
            throw new SdpException("mid " + mid + ": a=rtcp-mux is required (RFC 8829 §5.1.3, RFC 5761)");
        }
        if (offer.iceUfragOf(offered) == null || offer.icePwdOf(offered) == null) {
            throw new SdpException("mid " + mid + ": offer has no a=ice-ufrag/a=ice-pwd (RFC 8839 §5.4)");
        }
        if (offer.fingerprintOf(offered) == null) {
            throw new SdpException("mid " + mid + ": offer has no a=fingerprint (RFC 8122 §5)");
        }
        Setup setup = offer.setupOf(offered);
        // RFC 8842 §5.3: the offerer is actpass (or active); we answer passive, so it must be able to connect.
        if (setup != null && setup != Setup.ACTPASS && setup != Setup.ACTIVE) {
            throw new SdpException("mid " + mid + ": offer has a=setup:" + setup.value()
                    + ", but we are always passive; the offer must be actpass or active (RFC 8842 §5.3)");
        }
    }

    /** RFC 8843 §7.2: bundled m-lines share one transport, so they must agree on its parameters. */
    private static void checkSameTransport(SessionDescription offer, MediaDescription first, MediaDescription other)
            throws SdpException {
        if (!offer.iceUfragOf(first).equals(offer.iceUfragOf(other))
                || !offer.icePwdOf(first).equals(offer.icePwdOf(other))
                || !offer.fingerprintOf(first).equals(offer.fingerprintOf(other))) {
            throw new SdpException("mid " + other.mid() + ": ICE credentials or fingerprint differ from mid "
                    + first.mid() + " in the same BUNDLE group");
        }
    }

    private static MediaDescription rejectedLine(MediaDescription offered) {
        return new MediaDescription(offered.kind(), 0, offered.proto(), offered.formats())
                .setConnection(Connection.UNSPECIFIED_IP4)
                .setMid(offered.mid());
    }

    private record AcceptedLine(MediaDescription description, NegotiatedMedia negotiated) {
    }

    private static AcceptedLine acceptLine(SessionDescription offer, MediaDescription offered, LocalParameters local) {
        String mid = offered.mid();
        int pt = opusPayloadType(offered);
        MediaDescription m = new MediaDescription("audio", PLACEHOLDER_PORT, offered.proto(), List.of(Integer.toString(pt)))
                .setConnection(Connection.UNSPECIFIED_IP4)
                .setMid(mid)
                .setRtcpMux(true)
                .setRtcpReducedSize(offered.rtcpReducedSize());
        m.transport()
                .setIceUfrag(local.ice().ufrag())
                .setIcePwd(local.ice().pwd())
                .setFingerprint(local.fingerprint())
                .setSetup(Setup.PASSIVE);

        Map<String, Integer> extensionIds = new LinkedHashMap<>();
        for (Extmap extmap : offered.extmaps()) {
            if (ACCEPTED_EXTENSIONS.contains(extmap.uri()) && !extensionIds.containsKey(extmap.uri())) {
                // RFC 8285 §7: the answer uses the offer's id; direction and attributes are not echoed.
                m.addExtmap(new Extmap(extmap.id(), null, extmap.uri(), null));
                extensionIds.put(extmap.uri(), extmap.id());
            }
        }

        m.putRtpMap(new RtpMap(pt, "opus", OPUS_CLOCK_RATE, OPUS_CHANNELS));
        boolean transportCc = offered.hasRtcpFeedback(pt, "transport-cc", null);
        boolean nack = offered.hasRtcpFeedback(pt, "nack", null);
        if (transportCc) {
            m.addRtcpFeedback(new RtcpFeedback(pt, "transport-cc", null));
        }
        if (nack) {
            m.addRtcpFeedback(new RtcpFeedback(pt, "nack", null));
        }
        // RFC 7587 §7: stereo and sprop-stereo are left out, so both sides default to mono.
        m.putFmtp(Fmtp.of(pt, OPUS_PARAMETERS));

        Direction offeredDirection = offer.directionOf(offered);
        MediaRole role;
        List<Long> remoteSsrcs = List.of();
        long localSsrc = NegotiatedMedia.NO_SSRC;
        Msid localMsid = null;
        if (offeredDirection.sends()) {
            role = MediaRole.PUBLISH;
            m.setDirection(Direction.RECVONLY);
            remoteSsrcs = offered.ssrcs();
        } else if (offeredDirection == Direction.RECVONLY) {
            role = MediaRole.SUBSCRIBE;
            m.setDirection(Direction.SENDONLY);
            localSsrc = local.ssrcAllocator().ssrcFor(mid);
            if (localSsrc < 0 || localSsrc > 0xFFFF_FFFFL) {
                throw new IllegalStateException("SsrcAllocator returned " + localSsrc + " for mid " + mid);
            }
            // One stream per subscribed line, so the peer gets a separate MediaStream for each.
            localMsid = new Msid(local.cname() + "-" + mid, "audio-" + mid);
            m.addMsid(localMsid);
            m.addSsrcAttribute(new SsrcAttribute(localSsrc, "cname", local.cname()));
            m.addSsrcAttribute(new SsrcAttribute(localSsrc, "msid", localMsid.toString()));
        } else {
            role = MediaRole.INACTIVE;
            m.setDirection(Direction.INACTIVE);
        }

        m.addCandidate(Candidate.host("1", 1, HOST_PRIORITY, local.candidateAddress(), local.candidatePort()));
        if (local.tcpCandidatePort() != LocalParameters.NO_TCP_CANDIDATE) {
            // Another transport, so another foundation (RFC 8445 §5.1.1.3).
            m.addCandidate(Candidate.passiveTcpHost("2", 1, TCP_PASSIVE_HOST_PRIORITY, local.candidateAddress(),
                    local.tcpCandidatePort()));
        }
        m.setEndOfCandidates(true);

        NegotiatedMedia negotiated = new NegotiatedMedia(mid, role, pt, nack, transportCc,
                extensionIds.getOrDefault(Extmap.SDES_MID, 0),
                extensionIds.getOrDefault(Extmap.SSRC_AUDIO_LEVEL, 0),
                extensionIds.getOrDefault(Extmap.ABS_SEND_TIME, 0),
                extensionIds.getOrDefault(Extmap.TRANSPORT_WIDE_CC, 0),
                remoteSsrcs, localSsrc, localMsid);
        return new AcceptedLine(m, negotiated);
    }

    private static Map<String, String> opusParameters() {
        // RFC 7587 §7: 10 ms frames are fine to receive; in-band FEC is decoded if the peer sends it.
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("minptime", "10");
        parameters.put("useinbandfec", "1");
        return parameters;
    }

    /** RFC 8445 §5.1.2.1: 2^24 * type preference + 2^8 * local preference + (256 - component id). */
    static long priority(int typePreference, int localPreference, int component) {
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
    }
}
