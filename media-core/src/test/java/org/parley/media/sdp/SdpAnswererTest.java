package org.parley.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpAnswererTest {

    private static final String SERVER_FINGERPRINT_LINE = "a=fingerprint:sha-256 " + Fixtures.SERVER_FINGERPRINT.value();
    private static final String SERVER_CANDIDATE_LINE = "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host";

    private final Fixtures.RecordingSsrcs ssrcs = new Fixtures.RecordingSsrcs();
    private final SdpAnswerer answerer = new SdpAnswerer(42);

    @Test
    void answersSendrecvAudioAsPublishLine() throws SdpException {
        Answer answer = answer(Fixtures.offer(Fixtures.SENDRECV_AUDIO));

        assertEquals(String.join("\r\n",
                "v=0",
                "o=- 42 1 IN IP4 127.0.0.1",
                "s=-",
                "t=0 0",
                "a=group:BUNDLE 0",
                "a=ice-lite",
                "a=msid-semantic: WMS *",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 0.0.0.0",
                "a=ice-ufrag:SrvU",
                "a=ice-pwd:ServerPasswordServerPass1",
                SERVER_FINGERPRINT_LINE,
                "a=setup:passive",
                "a=mid:0",
                "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                "a=recvonly",
                "a=rtcp-mux",
                "a=rtcp-rsize",
                "a=rtpmap:111 opus/48000/2",
                "a=rtcp-fb:111 transport-cc",
                "a=fmtp:111 minptime=10;useinbandfec=1",
                SERVER_CANDIDATE_LINE,
                "a=end-of-candidates",
                ""), answer.sdp());

        assertEquals(List.of(new NegotiatedMedia("0", MediaRole.PUBLISH, 111, false, true, 4, 1, 2, 3,
                List.of(1001211178L), NegotiatedMedia.NO_SSRC, null)), answer.media());
        assertEquals(new IceCredentials("Xq2m", "V0f3N8yA1kQ2ZrT5pL9cHs4E"), answer.remoteIce());
        assertEquals("9B:4E:21:D7:0C:58:A3:6F:E2:17:B9:40:CD:82:5A:13:F6:0E:99:3B:74:C1:28:AD:5F:E6:03:97:4B:D2:18:6C",
                answer.remoteFingerprint().value());
        assertEquals("sha-256", answer.remoteFingerprint().algorithm());
        assertEquals(Setup.ACTPASS, answer.remoteSetup());
        assertTrue(ssrcs.calls.isEmpty(), "no SSRC is needed for a line we only receive on");
        assertEquals(answer.sdp(), SdpParser.parse(answer.sdp()).toString(), "the answer parses back to itself");
    }

    @Test
    void answersOnePublishAndThreeSubscribeLines() throws SdpException {
        Answer answer = answer(Fixtures.offer(Fixtures.PUBLISH_AND_THREE_SUBSCRIBES));
        List<List<String>> sections = sections(answer.sdp());

        assertEquals(List.of("v=0", "o=- 42 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0 1 2 3",
                "a=ice-lite", "a=msid-semantic: WMS *"), sections.get(0));
        assertEquals(5, sections.size());
        assertTrue(sections.get(1).contains("a=recvonly"));
        assertFalse(sections.get(1).stream().anyMatch(l -> l.startsWith("a=ssrc:") || l.startsWith("a=msid:")));

        assertEquals(List.of("1", "2", "3"), ssrcs.calls);
        for (int mid = 1; mid <= 3; mid++) {
            long ssrc = 5000 + mid - 1;
            assertEquals(List.of(
                    "m=audio 9 UDP/TLS/RTP/SAVPF 111",
                    "c=IN IP4 0.0.0.0",
                    "a=ice-ufrag:SrvU",
                    "a=ice-pwd:ServerPasswordServerPass1",
                    SERVER_FINGERPRINT_LINE,
                    "a=setup:passive",
                    "a=mid:" + mid,
                    "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                    "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                    "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                    "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                    "a=sendonly",
                    "a=msid:parley-" + mid + " audio-" + mid,
                    "a=rtcp-mux",
                    "a=rtcp-rsize",
                    "a=rtpmap:111 opus/48000/2",
                    "a=rtcp-fb:111 transport-cc",
                    "a=fmtp:111 minptime=10;useinbandfec=1",
                    "a=ssrc:" + ssrc + " cname:parley",
                    "a=ssrc:" + ssrc + " msid:parley-" + mid + " audio-" + mid,
                    SERVER_CANDIDATE_LINE,
                    "a=end-of-candidates"), sections.get(mid + 1));

            NegotiatedMedia m = answer.media("" + mid);
            assertEquals(MediaRole.SUBSCRIBE, m.role());
            assertEquals(ssrc, m.localSsrc());
            assertEquals(new Msid("parley-" + mid, "audio-" + mid), m.localMsid());
            assertTrue(m.remoteSsrcs().isEmpty());
        }
        NegotiatedMedia publish = answer.media("0");
        assertEquals(MediaRole.PUBLISH, publish.role());
        assertEquals(List.of(2865197434L), publish.remoteSsrcs());
        assertEquals(NegotiatedMedia.NO_SSRC, publish.localSsrc());
        assertEquals(new IceCredentials("Kd7p", "hQ3tY8mWcB2nR6vL0sJ4xF9a"), answer.remoteIce());
    }

    @Test
    void rejectsVideoAndDatachannelAndBundlesOnlyAudio() throws SdpException {
        Answer answer = answer(Fixtures.offer(Fixtures.AUDIO_VIDEO_DATA));
        List<List<String>> sections = sections(answer.sdp());

        assertTrue(sections.get(0).contains("a=group:BUNDLE 0"), sections.get(0).toString());
        assertTrue(sections.get(1).contains("a=recvonly"));
        // RFC 3264 §6: port 0, same formats; RFC 8843 §7.3.3: out of the group, no transport attributes.
        assertEquals(List.of("m=video 0 UDP/TLS/RTP/SAVPF 96 97 102 103 45 46", "c=IN IP4 0.0.0.0", "a=mid:1"),
                sections.get(2));
        assertEquals(List.of("m=application 0 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", "a=mid:2"),
                sections.get(3));
        assertEquals(List.of(MediaRole.PUBLISH, MediaRole.REJECTED, MediaRole.REJECTED),
                answer.media().stream().map(NegotiatedMedia::role).toList());
        assertEquals(List.of(734916284L), answer.media("0").remoteSsrcs());
        assertEquals(-1, answer.media("1").opusPayloadType());
    }

    @Test
    void reofferKeepsSessionSsrcsAndLinesAndAddsTheNewSubscribeLine() throws SdpException {
        Answer first = answer(Fixtures.offer(Fixtures.PUBLISH_AND_THREE_SUBSCRIBES));
        Answer second = answer(Fixtures.offer(Fixtures.REOFFER_ADDS_SUBSCRIBE));

        assertEquals("o=- 42 2 IN IP4 127.0.0.1", sections(second.sdp()).get(0).get(1),
                "same session id, next version (RFC 3264 §8)");
        assertTrue(sections(second.sdp()).get(0).contains("a=group:BUNDLE 0 1 2 3 4"));
        List<List<String>> before = sections(first.sdp());
        List<List<String>> after = sections(second.sdp());
        for (int section = 1; section < before.size(); section++) {
            assertEquals(before.get(section), after.get(section), "m-line " + section + " changed on re-offer");
        }
        NegotiatedMedia added = second.media("4");
        assertEquals(MediaRole.SUBSCRIBE, added.role());
        assertEquals(5003L, added.localSsrc());
        assertTrue(after.get(5).contains("a=ssrc:5003 cname:parley"));
        assertEquals(first.media().subList(0, 4), second.media().subList(0, 4));
    }

    @Test
    void answersInactiveWithInactive() throws SdpException {
        Answer answer = answer(Fixtures.replaceLine(Fixtures.offer(Fixtures.SENDRECV_AUDIO), "a=sendrecv", "a=inactive"));
        assertEquals(MediaRole.INACTIVE, answer.media("0").role());
        List<String> audio = sections(answer.sdp()).get(1);
        assertTrue(audio.contains("a=inactive"));
        assertFalse(audio.stream().anyMatch(l -> l.startsWith("a=ssrc:") || l.startsWith("a=msid:")));
        assertTrue(ssrcs.calls.isEmpty());
    }

    @Test
    void keepsTheOfferedOpusPayloadTypeAndNegotiatesNackAndDropsStereo() throws SdpException {
        String offer = Fixtures.offer(Fixtures.SENDRECV_AUDIO)
                .replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 63", "m=audio 9 UDP/TLS/RTP/SAVPF 109 63")
                .replace("a=rtpmap:111 opus/48000/2", "a=rtpmap:109 OPUS/48000/2")
                .replace("a=rtcp-fb:111 transport-cc", "a=rtcp-fb:109 nack\r\na=rtcp-fb:* transport-cc")
                .replace("a=fmtp:111 minptime=10;useinbandfec=1", "a=fmtp:109 minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1")
                .replace("a=fmtp:63 111/111", "a=fmtp:63 109/109")
                .replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\na=extmap:9 urn:ietf:params:rtp-hdrext:toffset");
        Answer answer = answer(offer);
        List<String> audio = sections(answer.sdp()).get(1);

        assertTrue(audio.contains("m=audio 9 UDP/TLS/RTP/SAVPF 109"), audio.toString());
        assertTrue(audio.contains("a=rtpmap:109 opus/48000/2"));
        assertTrue(audio.contains("a=rtcp-fb:109 transport-cc"));
        assertTrue(audio.contains("a=rtcp-fb:109 nack"));
        assertTrue(audio.contains("a=fmtp:109 minptime=10;useinbandfec=1"));
        assertFalse(answer.sdp().contains("stereo"));
        assertFalse(answer.sdp().contains("toffset"));
        NegotiatedMedia m = answer.media("0");
        assertEquals(109, m.opusPayloadType());
        assertTrue(m.nack());
        assertTrue(m.transportCc());
    }

    @Test
    void omitsExtensionsAndFeedbackTheOfferLacks() throws SdpException {
        String offer = Fixtures.removeAll(Fixtures.offer(Fixtures.SENDRECV_AUDIO), "a=rtcp-fb:111 transport-cc");
        offer = Fixtures.removeAll(offer, "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
        Answer answer = answer(offer);
        NegotiatedMedia m = answer.media("0");
        assertFalse(m.transportCc());
        assertEquals(0, m.absSendTimeExtensionId());
        assertEquals(4, m.midExtensionId());
        assertFalse(answer.sdp().contains("rtcp-fb"));
        assertFalse(answer.sdp().contains("abs-send-time"));
    }

    @Test
    void takesTransportFromSessionLevelAndDefaultsSetupToActive() throws SdpException {
        String offer = Fixtures.offer(Fixtures.SENDRECV_AUDIO);
        String fingerprint = offer.lines().filter(l -> l.startsWith("a=fingerprint:")).findFirst().orElseThrow();
        offer = Fixtures.replaceLine(offer, fingerprint, null);
        offer = Fixtures.replaceLine(offer, "a=setup:actpass", null);
        offer = Fixtures.replaceLine(offer, "a=ice-ufrag:Xq2m", null);
        offer = Fixtures.replaceLine(offer, "a=ice-pwd:V0f3N8yA1kQ2ZrT5pL9cHs4E", null);
        offer = Fixtures.replaceLine(offer, "t=0 0", "t=0 0\r\na=ice-ufrag:Sess\r\na=ice-pwd:sessionPasswordSessionPw\r\n" + fingerprint);
        Answer answer = answer(offer);
        assertEquals(new IceCredentials("Sess", "sessionPasswordSessionPw"), answer.remoteIce());
        assertEquals(Setup.ACTIVE, answer.remoteSetup(), "RFC 4145 §4: an offer without a=setup is active");
        assertTrue(answer.sdp().contains("a=setup:passive"));
    }

    @Test
    void acceptsSingleLineOfferWithoutBundle() throws SdpException {
        Answer answer = answer(Fixtures.replaceLine(Fixtures.offer(Fixtures.SENDRECV_AUDIO), "a=group:BUNDLE 0", null));
        assertTrue(answer.sdp().contains("a=group:BUNDLE 0\r\n"));
        assertEquals(MediaRole.PUBLISH, answer.media("0").role());
    }

    @Test
    void rejectsUnusableOffers() {
        String audio = Fixtures.offer(Fixtures.SENDRECV_AUDIO);
        String fingerprint = audio.lines().filter(l -> l.startsWith("a=fingerprint:")).findFirst().orElseThrow();

        assertRejected(audio.replace("opus/48000/2", "opus/48000/1"), "no acceptable m-line in the offer (mid 0: no opus/48000/2)");
        assertRejected(Fixtures.replaceLine(audio, fingerprint, null), "mid 0: offer has no a=fingerprint");
        assertRejected(Fixtures.replaceLine(audio, "a=rtcp-mux", null), "mid 0: a=rtcp-mux is required");
        assertRejected(Fixtures.replaceLine(audio, "a=setup:actpass", "a=setup:passive"), "offer has a=setup:passive");
        assertRejected(Fixtures.replaceLine(audio, "a=setup:actpass", "a=setup:holdconn"), "offer has a=setup:holdconn");
        assertRejected(Fixtures.replaceLine(audio, "a=ice-pwd:V0f3N8yA1kQ2ZrT5pL9cHs4E", null), "offer has no a=ice-ufrag/a=ice-pwd");
        assertRejected(Fixtures.replaceLine(audio, "a=mid:0", null).replace("a=group:BUNDLE 0\r\n", ""), "has no a=mid");
        assertRejected(audio.replace("m=audio 9 ", "m=audio 0 "), "mid 0: port 0 (stopped by the offerer)");
        assertRejected(audio.replace("UDP/TLS/RTP/SAVPF", "RTP/AVP"), "proto RTP/AVP is not DTLS-SRTP over UDP");

        String threeKinds = Fixtures.offer(Fixtures.AUDIO_VIDEO_DATA);
        assertRejected(Fixtures.replaceLine(threeKinds, "a=group:BUNDLE 0 1 2", null), "offer has 3 m-lines but no a=group:BUNDLE");
        assertRejected(threeKinds.replace("m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126", "m=audio 0 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126"),
                "mid 1: video is not supported; mid 2: application is not supported");
        assertRejected(Fixtures.replaceLine(threeKinds, "a=group:BUNDLE 0 1 2", "a=group:BUNDLE 1 2"),
                "mid 0: not in the BUNDLE group");

        String subscribes = Fixtures.offer(Fixtures.PUBLISH_AND_THREE_SUBSCRIBES);
        String secondUfrag = "a=ice-ufrag:Kd7p";
        int at = subscribes.indexOf(secondUfrag, subscribes.indexOf("a=mid:0"));
        String differing = subscribes.substring(0, at) + "a=ice-ufrag:Zz9z" + subscribes.substring(at + secondUfrag.length());
        assertRejected(differing, "mid 1: ICE credentials or fingerprint differ from mid 0");
    }

    @Test
    void versionAdvancesOnlyWithAnswersGiven() throws SdpException {
        SdpAnswerer random = new SdpAnswerer();
        SessionDescription offer = Fixtures.parsed(Fixtures.SENDRECV_AUDIO);
        SessionDescription unusable = SdpParser.parse(Fixtures.replaceLine(Fixtures.offer(Fixtures.SENDRECV_AUDIO),
                "a=rtcp-mux", null));
        Origin first = random.answer(offer, Fixtures.local(ssrcs)).description().origin();
        assertThrows(SdpException.class, () -> random.answer(unusable, Fixtures.local(ssrcs)));
        Origin second = random.answer(offer, Fixtures.local(ssrcs)).description().origin();
        assertEquals(first.sessionId(), second.sessionId());
        assertEquals(first.sessionVersion() + 1, second.sessionVersion());
    }

    @Test
    void acceptsBundleOnlyLinesOfferedWithPortZero() throws SdpException {
        // RFC 8843 §7.2.1: an offerer may give every m-line but the tagged one port 0 and a=bundle-only.
        String offer = Fixtures.offer(Fixtures.PUBLISH_AND_THREE_SUBSCRIBES);
        int second = offer.indexOf("m=audio 9 ", offer.indexOf("a=mid:0"));
        offer = offer.substring(0, second) + "m=audio 0 " + offer.substring(second + "m=audio 9 ".length());
        offer = Fixtures.replaceLine(offer, "a=mid:1", "a=mid:1\r\na=bundle-only");
        Answer answer = answer(offer);
        assertEquals(MediaRole.SUBSCRIBE, answer.media("1").role());
        assertTrue(answer.sdp().contains("a=group:BUNDLE 0 1 2 3\r\n"));
        assertNull(SdpParser.parse(answer.sdp()).media().get(1).otherAttribute("bundle-only"));
    }

    private Answer answer(String offer) throws SdpException {
        return answerer.answer(SdpParser.parse(offer), Fixtures.local(ssrcs));
    }

    private void assertRejected(String offer, String expectedMessage) {
        SdpException e = assertThrows(SdpException.class, () -> answer(offer));
        assertTrue(e.getMessage().contains(expectedMessage),
                "expected message containing '" + expectedMessage + "', got '" + e.getMessage() + "'");
    }

    /** The session section, then one list of lines per m= section. */
    private static List<List<String>> sections(String sdp) {
        List<List<String>> sections = new ArrayList<>();
        sections.add(new ArrayList<>());
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("m=")) {
                sections.add(new ArrayList<>());
            }
            sections.getLast().add(line);
        }
        return sections;
    }
}
