package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.sip.SipResponse;
import org.parley.signaling.sip.SipTestClient;

/**
 * {@code limits.sipTransactionsPerSource}: a sender on 127.0.0.2 that opens transactions faster than
 * they end gets stateless 503s with Retry-After beyond its share, counted, while a room system on
 * 127.0.0.1 stays in its call and can still send requests and hang up, and a WebRTC call in another
 * meeting keeps its tone without a gap.
 */
@Timeout(120)
class SipTransactionsPerSourceTest {

    private static final int PER_SOURCE = 3;
    private static final int FLOOD = 10;

    @RegisterExtension
    final SipTestMeeting sip = new SipTestMeeting("""
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en"}
            """, limits -> limits.withSipTransactionsPerSource(PER_SOURCE));

    @Test
    void oneSourceGets503BeyondItsShareWhileAnotherKeepsItsCall() throws Exception {
        String token = sip.token("{\"role\": \"room-system\", \"name\": \"Room 4\"}");
        try (OngoingCall call = OngoingCall.start(sip.server());
             SipTestClient room = new SipTestClient(sip.sipPort());
             SipTestClient flooder = new SipTestClient(sip.sipPort(), InetAddress.getByName("127.0.0.2"))) {
            assertEquals(200, room.invite(token).status());

            for (int i = 0; i < FLOOD; i++) {
                flooder.options(); // each a new transaction that lives 64·T1 (Timer J)
            }
            List<Integer> statuses = new ArrayList<>();
            List<SipResponse> busy = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                SipResponse response = (SipResponse) flooder.receive();
                statuses.add(response.status());
                if (response.status() == 503) {
                    busy.add(response);
                }
            }
            assertEquals(PER_SOURCE, statuses.stream().filter(status -> status == 200).count(), statuses.toString());
            assertEquals(FLOOD - PER_SOURCE, busy.size(), statuses.toString());
            assertEquals("5", busy.getFirst().headers().first("Retry-After"));
            assertTrue(busy.getFirst().headers().first("Warning").contains("limit sipTransactionsPerSource"),
                    busy.getFirst().headers().first("Warning"));
            assertEquals(FLOOD - PER_SOURCE, sip.counter("parley.limit.refusals", "limit",
                    SignalingLimits.SIP_TRANSACTIONS_PER_SOURCE));

            // The room system's own share is untouched: it is still in, can ask and can hang up.
            assertEquals(1, sip.participants());
            room.options();
            assertEquals(200, ((SipResponse) room.receive()).status());
            assertEquals(200, room.bye());
            assertEquals(0, sip.participants());
            call.assertNoGap("after the flood of transactions");
        }
    }
}
