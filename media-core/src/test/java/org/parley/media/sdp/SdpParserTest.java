package org.parley.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class SdpParserTest {

    @Test
    void parsesChromeSendrecvAudioOffer() throws SdpException {
        SessionDescription sd = Fixtures.parsed(Fixtures.SENDRECV_AUDIO);

        assertEquals(0, sd.version());
        assertEquals(new Origin("-", "4611731400430051336", 2, "IN", "IP4", "127.0.0.1"), sd.origin());
        assertEquals("-", sd.sessionName());
        assertEquals(Timing.UNBOUNDED, sd.timing());
        assertEquals(new Group("BUNDLE", List.of("0")), sd.group(Group.BUNDLE));
        assertEquals(new MsidSemantic("WMS", List.of("0b3e6d1c-5f0a-4c47-9e8b-2d7a1f6c4e90")), sd.msidSemantic());
        assertEquals(List.of(new Attribute("extmap-allow-mixed", null)), sd.otherAttributes());
        assertFalse(sd.iceLite());
        assertEquals(1, sd.media().size());

        MediaDescription m = sd.media().getFirst();
        assertEquals("audio", m.kind());
        assertEquals(9, m.port());
        assertEquals("UDP/TLS/RTP/SAVPF", m.proto());
        assertEquals(List.of(111, 63, 9, 0, 8, 13, 110, 126), m.payloadTypes());
        assertEquals(Connection.UNSPECIFIED_IP4, m.connection());
        assertEquals("0", m.mid());
        assertEquals(Direction.SENDRECV, m.direction());
        assertEquals("Xq2m", m.transport().iceUfrag());
        assertEquals("V0f3N8yA1kQ2ZrT5pL9cHs4E", m.transport().icePwd());
        assertEquals("trickle", m.transport().iceOptions());
        assertEquals("sha-256", m.transport().fingerprint().algorithm());
        assertEquals("9B:4E:21:D7:0C:58:A3:6F:E2:17:B9:40:CD:82:5A:13:F6:0E:99:3B:74:C1:28:AD:5F:E6:03:97:4B:D2:18:6C",
                m.transport().fingerprint().value());
        assertEquals(Setup.ACTPASS, m.transport().setup());
        assertTrue(m.rtcpMux());
        assertTrue(m.rtcpReducedSize());
        assertFalse(m.endOfCandidates());

        assertEquals(new RtpMap(111, "opus", 48000, 2), m.rtpMap(111));
        assertEquals(new RtpMap(9, "G722", 8000, 0), m.rtpMap(9));
        assertTrue(m.rtpMap(0).is("pcmu", 8000, 1));
        assertEquals(8, m.rtpMaps().size());
        assertEquals(Map.of("minptime", "10", "useinbandfec", "1"), m.fmtp(111).parameters());
        assertEquals("111/111", m.fmtp(63).raw());
        assertTrue(m.fmtp(63).parameters().isEmpty());
        assertNull(m.fmtp(0));
        assertEquals(List.of(new RtcpFeedback(111, "transport-cc", null)), m.rtcpFeedback(111));
        assertTrue(m.rtcpFeedback(0).isEmpty());

        assertEquals(List.of(
                new Extmap(1, null, Extmap.SSRC_AUDIO_LEVEL, null),
                new Extmap(2, null, Extmap.ABS_SEND_TIME, null),
                new Extmap(3, null, Extmap.TRANSPORT_WIDE_CC, null),
                new Extmap(4, null, Extmap.SDES_MID, null)), m.extmaps());
        assertEquals(List.of(new Msid("0b3e6d1c-5f0a-4c47-9e8b-2d7a1f6c4e90", "8f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c")),
                m.msids());
        assertEquals(List.of(1001211178L), m.ssrcs());
        assertEquals(new SsrcAttribute(1001211178L, "cname", "Yq0Jb5cJHWTF7kfa"), m.ssrcAttributes().get(0));
        assertEquals("msid", m.ssrcAttributes().get(1).name());

        assertEquals(2, m.candidates().size());
        Candidate srflx = m.candidates().get(1);
        assertEquals(new Candidate("1137479391", 1, "udp", 1686052607L, "203.0.113.7", 54400, "srflx",
                "raddr 192.168.1.23 rport 54400 generation 0 network-id 1 network-cost 10"), srflx);
        assertEquals(List.of(new Attribute("rtcp", "9 IN IP4 0.0.0.0")), m.otherAttributes());
    }

    @Test
    void parsesVideoFeedbackSsrcGroupsAndDatachannel() throws SdpException {
        SessionDescription sd = Fixtures.parsed(Fixtures.AUDIO_VIDEO_DATA);
        assertEquals(List.of("audio", "video", "application"), sd.media().stream().map(MediaDescription::kind).toList());

        MediaDescription video = sd.media().get(1);
        assertTrue(video.hasRtcpFeedback(96, "nack", "pli"));
        assertTrue(video.hasRtcpFeedback(96, "nack", null));
        assertFalse(video.hasRtcpFeedback(97, "nack", null));
        assertEquals(Map.of("apt", "96"), video.fmtp(97).parameters());
        assertEquals(List.of(new SsrcGroup("FID", List.of(3797451823L, 1485028571L))), video.ssrcGroups());
        assertEquals(List.of(3797451823L, 1485028571L), video.ssrcs());

        MediaDescription data = sd.media().get(2);
        assertFalse(data.isRtp());
        assertEquals(List.of("webrtc-datachannel"), data.formats());
        assertTrue(data.payloadTypes().isEmpty());
        assertEquals(new Attribute("sctp-port", "5000"), data.otherAttribute("sctp-port"));
        assertEquals(Direction.SENDRECV, sd.directionOf(data));
    }

    @Test
    void mediaLevelTransportFallsBackToSessionLevel() throws SdpException {
        SessionDescription sd = SdpParser.parse("""
                v=0
                o=- 1 1 IN IP4 127.0.0.1
                s=-
                t=0 0
                a=ice-ufrag:sess
                a=ice-pwd:sessionPasswordSessionPw
                a=fingerprint:sha-256 AB:CD
                a=setup:active
                a=sendonly
                m=audio 9 UDP/TLS/RTP/SAVPF 111
                a=mid:a
                a=rtpmap:111 opus/48000/2
                m=audio 9 UDP/TLS/RTP/SAVPF 111
                a=mid:b
                a=ice-ufrag:medi
                a=ice-pwd:mediaPasswordMediaPassw
                a=fingerprint:sha-1 ef:01
                a=setup:actpass
                a=inactive
                a=rtpmap:111 opus/48000/2
                """);
        MediaDescription a = sd.media().get(0);
        MediaDescription b = sd.media().get(1);
        assertNull(a.transport().iceUfrag());
        assertEquals("sess", sd.iceUfragOf(a));
        assertEquals("sessionPasswordSessionPw", sd.icePwdOf(a));
        assertEquals(new Fingerprint("sha-256", "AB:CD"), sd.fingerprintOf(a));
        assertEquals(Setup.ACTIVE, sd.setupOf(a));
        assertEquals(Direction.SENDONLY, sd.directionOf(a));
        assertEquals("medi", sd.iceUfragOf(b));
        assertEquals("mediaPasswordMediaPassw", sd.icePwdOf(b));
        assertEquals(new Fingerprint("sha-1", "EF:01"), sd.fingerprintOf(b));
        assertEquals(Setup.ACTPASS, sd.setupOf(b));
        assertEquals(Direction.INACTIVE, sd.directionOf(b));
    }

    @Test
    void lfAndCrlfParseTheSame() throws SdpException {
        for (String name : Fixtures.ALL) {
            String crlf = Fixtures.offer(name);
            String lf = crlf.replace("\r\n", "\n");
            assertEquals(SdpParser.parse(crlf).toString(), SdpParser.parse(lf).toString(), name);
        }
    }

    @Test
    void writingKeepsEveryLineAndIsStable() throws SdpException {
        for (String name : Fixtures.ALL) {
            String offer = Fixtures.offer(name);
            String written = SdpWriter.write(SdpParser.parse(offer));
            // Every line survives; only the order of attributes within a section may change.
            assertEquals(sortedLines(offer), sortedLines(written), name);
            assertTrue(written.endsWith("\r\n"), name);
            assertFalse(written.replace("\r\n", "").contains("\n"), name + ": bare LF in output");
            assertEquals(written, SdpParser.parse(written).toString(), name + ": parse(write(x)) is not stable");
        }
    }

    @Test
    void writesSessionLinesInRfcOrder() throws SdpException {
        String written = SdpParser.parse("""
                v=0
                o=- 1 1 IN IP4 127.0.0.1
                s=-
                t=0 0
                b=AS:100
                c=IN IP4 10.0.0.1
                i=info
                m=audio 9 RTP/AVP 0
                b=AS:30
                c=IN IP4 10.0.0.2
                i=media info
                """).toString();
        assertEquals("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\ni=info\r\nc=IN IP4 10.0.0.1\r\nb=AS:100\r\nt=0 0\r\n"
                + "m=audio 9 RTP/AVP 0\r\ni=media info\r\nc=IN IP4 10.0.0.2\r\nb=AS:30\r\n", written);
    }

    static final List<String[]> MALFORMED = List.of(
            new String[] {"", "empty SDP"},
            new String[] {"o=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "line 1: expected v= line, found o="},
            new String[] {"v=1\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "line 1: unsupported protocol version"},
            new String[] {"hello world\r\n", "line 1: expected <type>=<value>, found 'hello world'"},
            new String[] {"v=0\r\n", "SDP ends before the o= line"},
            new String[] {"v=0\r\no=- 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "line 2: o= line needs 6 fields"},
            new String[] {"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\n", "missing t= line"},
            new String[] {"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 9 RTP/AVP 0\r\n", "line 4: m= line before the t= line"},
            new String[] {"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF\r\n",
                "line 5: m= line needs at least 4 fields"},
            new String[] {"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio nine RTP/AVP 0\r\n",
                "line 5: port 'nine' is not a number"},
            new String[] {"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 200\r\n",
                "line 5: RTP payload type 200 is out of range 0..127"},
            new String[] {"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\r\nm=audio 9 RTP/AVP 0\r\n", "line 5: empty line"},
            new String[] {"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nx=what\r\n", "line 5: unknown line type 'x='"},
            new String[] {"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=tool:a\u0000b\r\n", "line 5: control character 0x0"},
            new String[] {"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n",
                "a=group:BUNDLE names mid '0' that no m= line has"});

    @ParameterizedTest
    @FieldSource("MALFORMED")
    void rejectsMalformedDescriptions(String sdp, String expectedMessage) {
        assertRejected(sdp, expectedMessage);
    }

    /** Line edits to fixture (a); each must fail with a message naming the line. */
    static final List<String[]> BAD_ATTRIBUTES = List.of(
            new String[] {"a=rtpmap:111 opus/48000/2", "a=rtpmap:111 opus", "line 27: a=rtpmap: rtpmap needs <encoding>/<clock rate>"},
            new String[] {"a=rtpmap:111 opus/48000/2", "a=rtpmap:111 opus/fast/2", "line 27: a=rtpmap: clock rate 'fast' is not a number"},
            new String[] {"a=rtpmap:111 opus/48000/2", "a=rtpmap:112 opus/48000/2", "line 27: a=rtpmap: payload type 112 is not in the m= line"},
            new String[] {"a=rtpmap:0 PCMU/8000", "a=rtpmap:111 PCMU/8000", "line 33: a=rtpmap: second rtpmap for payload type 111"},
            new String[] {"a=fmtp:111 minptime=10;useinbandfec=1", "a=fmtp:111", "line 29: a=fmtp: fmtp needs <payload type> <parameters>"},
            new String[] {"a=rtcp-fb:111 transport-cc", "a=rtcp-fb:abc transport-cc", "line 28: a=rtcp-fb: payload type 'abc' is not a number"},
            new String[] {"a=mid:0", "a=mid", "line 18: a=mid: needs a value"},
            new String[] {"a=rtcp-mux", "a=rtcp-mux:yes", "line 25: a=rtcp-mux: takes no value"},
            new String[] {"a=sendrecv", "a=sendrecv:now", "line 23: a=sendrecv: takes no value"},
            new String[] {"a=setup:actpass", "a=setup:sometimes", "line 17: a=setup: setup 'sometimes' is not"},
            new String[] {"a=ice-pwd:V0f3N8yA1kQ2ZrT5pL9cHs4E", "a=ice-pwd:short", "line 14: a=ice-pwd: ice-pwd must be 22..256"},
            new String[] {"a=ice-ufrag:Xq2m", "a=ice-ufrag:a b c", "line 13: a=ice-ufrag: ice-ufrag must be 4..256"},
            new String[] {"a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:0 urn:ietf:params:rtp-hdrext:sdes:mid",
                "line 22: a=extmap: extension id 0 is out of range 1..255"},
            new String[] {"a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid",
                "line 22: a=extmap: extension id 1 is used twice"},
            new String[] {"a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:4/sideways urn:x",
                "line 22: a=extmap: extmap direction 'sideways'"},
            new String[] {"a=ssrc:1001211178 cname:Yq0Jb5cJHWTF7kfa", "a=ssrc:99999999999 cname:x",
                "line 38: a=ssrc: ssrc 99999999999 is out of range"},
            new String[] {"a=msid-semantic: WMS 0b3e6d1c-5f0a-4c47-9e8b-2d7a1f6c4e90", "a=msid-semantic:", "line 7: a=msid-semantic: needs a value"},
            new String[] {"a=group:BUNDLE 0", "a=group:", "line 5: a=group: needs a value"},
            new String[] {"c=IN IP4 0.0.0.0", "c=IN IP4", "line 9: missing connection-address"},
            new String[] {"t=0 0", "t=0", "line 4: missing stop-time"});

    @ParameterizedTest
    @FieldSource("BAD_ATTRIBUTES")
    void rejectsBadAttributesNamingTheLine(String line, String replacement, String expectedMessage) {
        assertRejected(Fixtures.replaceLine(Fixtures.offer(Fixtures.SENDRECV_AUDIO), line, replacement), expectedMessage);
    }

    @Test
    void rejectsBadFingerprintCandidateAndDuplicateMid() {
        String offer = Fixtures.offer(Fixtures.PUBLISH_AND_THREE_SUBSCRIBES);
        String fingerprint = offer.lines().filter(l -> l.startsWith("a=fingerprint:")).findFirst().orElseThrow();
        assertRejected(Fixtures.replaceLine(offer, fingerprint, "a=fingerprint:sha-256 9B:4E:2"),
                "line 14: a=fingerprint: fingerprint value is not colon-separated hex bytes");
        assertRejected(Fixtures.replaceLine(offer, fingerprint, "a=fingerprint:sha-256 ZZ:4E"),
                "fingerprint value is not colon-separated hex bytes");
        assertRejected(Fixtures.replaceLine(offer, "a=mid:2", "a=mid:1"), "a=mid: mid '1' is used by an earlier m= line");

        String audio = Fixtures.offer(Fixtures.SENDRECV_AUDIO);
        String host = audio.lines().filter(l -> l.startsWith("a=candidate:3350409123")).findFirst().orElseThrow();
        assertRejected(Fixtures.replaceLine(audio, host, "a=candidate:3350409123 1 udp 2122260223 192.168.1.23 54400 host"),
                "line 11: a=candidate: candidate needs 'typ' after the port");
        assertRejected(Fixtures.replaceLine(audio, host, "a=candidate:1 1 udp 5 10.0.0.1 70000 typ host"),
                "line 11: a=candidate: port 70000 is out of range 0..65535");
        assertRejected(Fixtures.replaceLine(audio, host, "a=candidate:1 1 udp 5 10.0.0.1 7 typ host raddr"),
                "line 11: a=candidate: candidate extensions are not name/value pairs");
    }

    @Test
    void enforcesSizeLimits() {
        String head = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

        assertRejected(head + "a=x:" + "y".repeat(SdpParser.MAX_LENGTH) + "\r\n", "more than the limit of 65536");
        assertRejected(head + "a=x\r\n".repeat(SdpParser.MAX_LINES), "SDP has more than 4096 lines");
        assertRejected(head + "a=tool:" + "y".repeat(SdpParser.MAX_VALUE_LENGTH) + "\r\n",
                "line 5: value is longer than 4096 characters");
        StringBuilder media = new StringBuilder(head);
        for (int i = 0; i <= SdpParser.MAX_MEDIA; i++) {
            media.append("m=audio 0 RTP/AVP 0\r\n");
        }
        assertRejected(media.toString(), "line 69: more than 64 media sections");
    }

    @Test
    void acceptsLimitsExactly() throws SdpException {
        String head = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
        StringBuilder media = new StringBuilder(head);
        for (int i = 0; i < SdpParser.MAX_MEDIA; i++) {
            media.append("m=audio 0 RTP/AVP 0\r\n");
        }
        assertEquals(64, SdpParser.parse(media.toString()).media().size());
        assertEquals(4096 - 4, SdpParser.parse(head + "a=x\r\n".repeat(SdpParser.MAX_LINES - 4))
                .otherAttributes().size());
    }

    static void assertRejected(String sdp, String expectedMessage) {
        try {
            SdpParser.parse(sdp);
        } catch (SdpException e) {
            assertTrue(e.getMessage().contains(expectedMessage),
                    "expected message containing '" + expectedMessage + "', got '" + e.getMessage() + "'");
            return;
        }
        throw new AssertionError("accepted an SDP that should fail with '" + expectedMessage + "'");
    }

    private static List<String> sortedLines(String sdp) {
        List<String> lines = new ArrayList<>(List.of(sdp.split("\r\n")));
        lines.sort(null);
        return lines;
    }
}
