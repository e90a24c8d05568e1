package org.parley.media.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.media.transport.NegotiationLimits;
import org.parley.media.transport.PublishRefusedException;
import org.parley.media.transport.WebRtcTransport;

/**
 * A peer that may only receive gets no producer, whatever its offer says: the transport decides on the
 * producers its answer would create. A sending m-line with port 0 and {@code a=bundle-only} (RFC 8843
 * §6.1) is one the answerer accepts, so it counts as sending too.
 */
class PublishRefusalTest {

    private final RecordingTransportHost host = new RecordingTransportHost();

    @AfterEach
    void release() {
        host.releaseAll();
    }

    /** The Chrome fixture with its sending m-line (mid 0) turned into a port-0 bundle-only one. */
    private static String bundleOnlySender(String offer) {
        return offer.replaceFirst("m=audio 9 ", "m=audio 0 ").replaceFirst("a=mid:0\r\n", "a=mid:0\r\na=bundle-only\r\n");
    }

    @Test
    void aBundleOnlySendingLineIsAProducerForAPublisher() throws Exception {
        String offer = bundleOnlySender(BrowserPeer.fixture(BrowserPeer.PUBLISH_AND_THREE_SUBSCRIBES));
        assertTrue(offer.contains("m=audio 0 ") && offer.contains("a=bundle-only"), offer);
        WebRtcTransport transport = new WebRtcTransport("pub", host);

        WebRtcTransport.Negotiation negotiation = transport.negotiate(offer, true, NegotiationLimits.DEFAULTS);

        assertEquals(List.of("pub/0"), negotiation.newProducers().stream().map(Producer::id).toList(),
                "the answerer accepts a bundle-only line: the hole a reading of the offer's ports missed");
    }

    @Test
    void aReceiveOnlyPeerGetsNoProducerFromABundleOnlySendingLine() {
        String offer = bundleOnlySender(BrowserPeer.fixture(BrowserPeer.PUBLISH_AND_THREE_SUBSCRIBES));
        WebRtcTransport transport = new WebRtcTransport("observer", host);

        PublishRefusedException refused = assertThrows(PublishRefusedException.class,
                () -> transport.negotiate(offer, false, NegotiationLimits.DEFAULTS));

        assertEquals(List.of("0"), refused.sendingMids());
        assertEquals(List.of(), transport.producers());
        assertNull(transport.consumer("1"), "nothing of a refused offer is applied");
        assertNull(host.router().producer("observer/0"));
    }

    @Test
    void aReceiveOnlyPeerStillNegotiatesItsReceivingLines() throws Exception {
        String offer = BrowserPeer.fixture(BrowserPeer.PUBLISH_AND_THREE_SUBSCRIBES).replace("a=sendonly", "a=recvonly");
        WebRtcTransport transport = new WebRtcTransport("listener", host);

        WebRtcTransport.Negotiation negotiation = transport.negotiate(offer, false, NegotiationLimits.DEFAULTS);

        assertEquals(List.of(), negotiation.newProducers());
        assertEquals(4, negotiation.newConsumers().size());
        assertNotNull(transport.consumer("0"));
    }
}
