package org.parley.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The passive ICE-TCP candidate of the answer (RFC 6544) and its priority against the UDP one. */
class IceTcpCandidateTest {

    private static LocalParameters withTcp(int tcpPort) {
        return new LocalParameters(Fixtures.SERVER_ICE, Fixtures.SERVER_FINGERPRINT, "192.0.2.7", 10000, tcpPort,
                "parley", new Fixtures.RecordingSsrcs());
    }

    private static List<Candidate> candidates(LocalParameters local) throws SdpException {
        Answer answer = new SdpAnswerer().answer(Fixtures.parsed(Fixtures.PUBLISH_AND_THREE_SUBSCRIBES), local);
        // Parse our own answer back: what a browser reads.
        SessionDescription parsed = SdpParser.parse(answer.sdp());
        List<Candidate> first = parsed.media().get(0).candidates();
        for (MediaDescription m : parsed.media()) {
            assertEquals(first, m.candidates(), "every bundled m-line carries the same candidates");
        }
        return first;
    }

    @Test
    void answerCarriesAPassiveTcpHostCandidateBesideTheUdpOne() throws SdpException {
        List<Candidate> candidates = candidates(withTcp(4443));
        assertEquals(2, candidates.size(), candidates.toString());
        Candidate udp = candidates.get(0);
        Candidate tcp = candidates.get(1);
        assertEquals("udp", udp.transport());
        assertEquals(10000, udp.port());
        assertEquals("tcp", tcp.transport());
        assertEquals("192.0.2.7", tcp.address());
        assertEquals(4443, tcp.port());
        assertEquals("host", tcp.type());
        assertEquals("tcptype passive", tcp.extensions());
        assertEquals(1, tcp.component());
        assertTrue(!udp.foundation().equals(tcp.foundation()), "RFC 8445 §5.1.1.3: another transport, another foundation");
    }

    @Test
    void withoutATcpPortOnlyTheUdpCandidateIsOffered() throws SdpException {
        List<Candidate> candidates = candidates(withTcp(LocalParameters.NO_TCP_CANDIDATE));
        assertEquals(1, candidates.size());
        assertEquals("udp", candidates.get(0).transport());
    }

    @Test
    void udpOutranksTcpInCandidateAndPairPriority() throws SdpException {
        List<Candidate> candidates = candidates(withTcp(4443));
        long udp = candidates.get(0).priority();
        long tcp = candidates.get(1).priority();
        assertEquals(2130706431L, udp, "RFC 8445 §5.1.2.1 host: 126 << 24 | 65535 << 8 | 255");
        // RFC 6544 §4.2: local preference 2^13 * 4 (passive host) + 8191; type preference 90.
        assertEquals((90L << 24) + ((4L * 8192 + 8191) << 8) + 255, tcp);
        assertTrue(udp > tcp);
        // RFC 8445 §6.1.2.3: whatever the controlling peer's own candidate priorities (libwebrtc gives its
        // UDP host candidates 126 and its TCP ones 90 as type preference), a UDP pair outranks a TCP one.
        long peerUdp = SdpAnswerer.priority(126, 65535, 1);
        long peerTcpActive = SdpAnswerer.priority(90, 6 * 8192 + 8191, 1);
        assertTrue(pairPriority(peerUdp, udp) > pairPriority(peerTcpActive, tcp));
        // Even a peer that ranks its TCP candidate above its UDP one cannot make our TCP pair win.
        assertTrue(pairPriority(peerUdp, udp) > pairPriority(SdpAnswerer.priority(126, 65535, 1), tcp));
        assertTrue(SdpAnswerer.priority(126, 0, 1) > tcp, "every UDP host candidate of ours outranks the TCP one");
    }

    /** RFC 8445 §6.1.2.3, we (D) being controlled: 2^32 * min(G, D) + 2 * max(G, D) + (G > D ? 1 : 0). */
    private static long pairPriority(long controlling, long controlled) {
        return (Math.min(controlling, controlled) << 32) + 2 * Math.max(controlling, controlled)
                + (controlling > controlled ? 1 : 0);
    }
}
