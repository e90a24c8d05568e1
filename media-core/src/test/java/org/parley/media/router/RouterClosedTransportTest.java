package org.parley.media.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.media.sdp.SdpException;
import org.parley.media.transport.TransportState;

/**
 * Signaling looks a consumer up on its own thread and connects it later; meanwhile the media loop
 * may close the consumer's transport (ICE consent lapse, DTLS failure). The late connect must not
 * attach it, or the producer would copy every packet for a dead transport and keep it alive.
 */
class RouterClosedTransportTest {

    private Meeting meeting;

    @BeforeEach
    void connectPeers() throws SdpException {
        meeting = new Meeting();
    }

    @AfterEach
    void releaseDatagrams() {
        meeting.close();
    }

    @Test
    void connectingAConsumerOfAClosedTransportAttachesNothing() {
        Producer producer = meeting.producerOf(meeting.alice);
        Consumer consumer = meeting.carol.transport().consumer("1");
        meeting.carol.transport().close("ICE consent expired");
        assertEquals(TransportState.CLOSED, meeting.carol.transport().state());

        meeting.router.connect(consumer, producer);

        assertEquals(0, producer.consumerCount());
        assertNull(consumer.producer());
    }

    @Test
    void aConsumerOfAClosedTransportCanStillBeDisconnected() {
        Producer producer = meeting.producerOf(meeting.alice);
        Consumer consumer = meeting.carol.transport().consumer("1");
        meeting.carol.transport().close("ICE consent expired");
        meeting.router.connect(consumer, producer);

        meeting.router.disconnect(consumer);

        assertEquals(0, producer.consumerCount());
        assertNull(consumer.producer());
    }
}
