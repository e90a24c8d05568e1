package org.parley.media.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.media.sdp.SdpException;
import org.parley.media.sdp.SdpParser;
import org.parley.media.transport.NegotiationLimitException;
import org.parley.media.transport.NegotiationLimits;
import org.parley.media.transport.WebRtcTransport;

/**
 * What an offer may allocate: m-lines, producers and consumers per transport are bounded, a refused
 * offer changes nothing, and a producer keeps a retransmission buffer only once a receiver that
 * negotiated NACK consumes it.
 */
class NegotiationLimitsTest {

    /** One sending and three receiving lines, without NACK. */
    private static final String PUBLISH_AND_THREE = BrowserPeer.fixture(BrowserPeer.PUBLISH_AND_THREE_SUBSCRIBES);

    private Meeting meeting;

    @BeforeEach
    void start() throws SdpException {
        meeting = new Meeting();
    }

    @AfterEach
    void stop() {
        meeting.close();
    }

    @Test
    void aProducerKeepsPacketsOnlyOnceAReceiverWithNackConsumesIt() {
        Producer alice = meeting.producerOf(meeting.alice);
        assertFalse(alice.keepsRetransmissions(), "nobody receives alice yet");
        meeting.router.connect(meeting.carol.transport().consumer("1"), alice);
        assertTrue(alice.keepsRetransmissions(), "carol negotiated NACK");
    }

    @Test
    void aReceiverWithoutNackCostsItsProducerNoBufferAndGetsNoRetransmission() throws SdpException {
        BrowserPeer erin = BrowserPeer.connect(meeting.host, "erin", PUBLISH_AND_THREE, 50005);
        Consumer consumer = erin.transport().consumer("1");
        assertFalse(consumer.nackNegotiated());
        Producer bob = meeting.producerOf(meeting.bob);
        meeting.router.connect(consumer, bob);
        assertFalse(bob.keepsRetransmissions());

        meeting.bobSpeaks();
        List<byte[]> wire = erin.takeProtectedRtp();
        assertEquals(1, wire.size());
        erin.sendRtcp(RouterRtcpTest.nack(erin.rtcpSsrc(), consumer.ssrc(), RouterRtcpTest.sequenceOf(wire.get(0))),
                meeting.now);
        assertEquals(0, erin.takeProtectedRtp().size(), "nothing kept, nothing resent");
        assertEquals(0, meeting.host.metrics().retransmissions.count());
    }

    @Test
    void anOfferWithMoreMlinesThanTheLimitIsRefused() {
        WebRtcTransport transport = new WebRtcTransport("many-lines", meeting.host);
        NegotiationLimitException refused = assertThrows(NegotiationLimitException.class,
                () -> transport.negotiate(PUBLISH_AND_THREE, true, new NegotiationLimits(3, 4, 64)));
        assertEquals(NegotiationLimits.Limit.MEDIA_LINES, refused.limit());
        assertTrue(refused.getMessage().contains("4 m-lines, more than the limit of 3"), refused.getMessage());
        assertNothingApplied(transport);
    }

    @Test
    void anOfferPastTheProducerLimitIsRefused() {
        WebRtcTransport transport = new WebRtcTransport("too-many-producers", meeting.host);
        NegotiationLimitException refused = assertThrows(NegotiationLimitException.class,
                () -> transport.negotiate(PUBLISH_AND_THREE, true, new NegotiationLimits(64, 0, 64)));
        assertEquals(NegotiationLimits.Limit.PRODUCERS, refused.limit());
        assertNothingApplied(transport);
    }

    /** Re-offers add lines (RFC 3264 §8): the one that would pass the limit is refused, the lines before stay. */
    @Test
    void aReofferPastTheConsumerLimitIsRefusedAndTheNextAnswerFollowsTheLastByOne() throws SdpException {
        WebRtcTransport transport = new WebRtcTransport("re-offers", meeting.host);
        NegotiationLimits limits = new NegotiationLimits(64, 1, 3);
        WebRtcTransport.Negotiation first = transport.negotiate(PUBLISH_AND_THREE, true, limits);
        assertEquals(3, first.newConsumers().size());

        String reoffer = BrowserPeer.fixture(BrowserPeer.REOFFER_ADDS_SUBSCRIBE);
        NegotiationLimitException refused = assertThrows(NegotiationLimitException.class,
                () -> transport.negotiate(reoffer, true, limits));
        assertEquals(NegotiationLimits.Limit.CONSUMERS, refused.limit());
        assertTrue(refused.getMessage().contains("4 receiving m-lines, more than the limit of 3"), refused.getMessage());
        assertEquals(null, transport.consumer("4"));
        assertEquals(1, transport.producers().size());

        WebRtcTransport.Negotiation again = transport.negotiate(PUBLISH_AND_THREE, true, limits);
        assertEquals(0, again.newConsumers().size());
        long firstVersion = SdpParser.parse(first.answerSdp()).origin().sessionVersion();
        assertEquals(firstVersion + 1, SdpParser.parse(again.answerSdp()).origin().sessionVersion(),
                "a refused offer does not advance o= (RFC 3264 §8)");
        transport.close();
    }

    private void assertNothingApplied(WebRtcTransport transport) {
        assertEquals(0, transport.producers().size());
        assertEquals(null, transport.consumer("1"));
        assertTrue(meeting.router.producers().stream().noneMatch(p -> transport.id().equals(p.transportId())));
        transport.close();
    }
}
