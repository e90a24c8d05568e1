package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.sip.SipMessage;
import org.parley.signaling.sip.SipResponse;
import org.parley.signaling.sip.SipTestClient;

/**
 * An INVITE whose token admits no one (forged, revoked) is refused with exactly one 403, sent
 * statelessly: a room system that never ACKs hears nothing more for 5 s (an INVITE transaction would
 * repeat it ten times, Timer G, toward an address that may be a spoofed victim's), and the ACK it
 * may send later is absorbed, not counted as a stray. A real call works just after, and a WebRTC call
 * going on meanwhile keeps its tone without a gap.
 */
@Timeout(120)
class SipStatelessRejectTest {

    /** Timer G would have sent the 403 again at 0.5, 1.5 and 3.5 s. */
    private static final long LISTEN_MILLIS = 5000;

    @RegisterExtension
    final SipTestMeeting sip = new SipTestMeeting("""
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en"}
            """);

    private double counter(String name) {
        return sip.server().meterRegistry().get(name).counter().count();
    }

    @Test
    void aBadTokenGetsOne403NeverRepeatedAndItsAckIsAbsorbed() throws Exception {
        JsonNode revoked = sip.api().invite(sip.id(), "{\"role\": \"room-system\", \"name\": \"Old room\"}");
        sip.api().revoke(sip.id(), revoked.get("invitationId").asText());
        String good = sip.token("{\"role\": \"room-system\", \"name\": \"Room 4\"}");

        try (OngoingCall call = OngoingCall.start(sip.server())) {
            try (SipTestClient forged = new SipTestClient(sip.sipPort());
                 SipTestClient old = new SipTestClient(sip.sipPort())) {
                forged.sendInvite("not-a-token", "", SipTestClient.offer("127.0.0.1", 49170));
                old.sendInvite(revoked.get("token").asText(), "", SipTestClient.offer("127.0.0.1", 49172));

                List<SipMessage> toForged = forged.receiveFor(LISTEN_MILLIS); // no ACK meanwhile
                List<SipMessage> toOld = old.receiveFor(500); // the 5 s above passed for it too

                assertEquals(1, toForged.size(), "exactly one response, no 100 Trying, no retransmission: " + toForged);
                assertEquals(1, toOld.size(), "exactly one response: " + toOld);
                SipResponse invalid = (SipResponse) toForged.getFirst();
                SipResponse revokedAnswer = (SipResponse) toOld.getFirst();
                assertEquals(403, invalid.status());
                assertEquals(403, revokedAnswer.status());
                assertTrue(invalid.headers().first("Warning").contains("token invalid"), invalid.headers().first("Warning"));
                assertTrue(revokedAnswer.headers().first("Warning").contains("token revoked"),
                        revokedAnswer.headers().first("Warning"));
                assertEquals(2, counter("parley.sip.stateless.rejects"));
                assertEquals(2, sip.counter("parley.sip.responses", "status", "403"));

                forged.ackFailure(invalid);
                old.ackFailure(revokedAnswer);
                assertEquals(List.of(), forged.receiveFor(500), "an ACK is never answered");
                assertEquals(2, counter("parley.sip.stateless.acks"), "both ACKs absorbed");
                assertEquals(0, sip.counter("parley.sip.dropped", "reason", "stray_ack"));
            }

            try (SipTestClient room = new SipTestClient(sip.sipPort())) {
                assertEquals(200, room.invite(good).status(), "the server goes on admitting good tokens");
                assertEquals(1, sip.participants());
                assertEquals(200, room.bye());
            }
            assertEquals(2, counter("parley.sip.stateless.rejects"), "a good token is not refused statelessly");
            call.assertNoGap("after the refusals");
        }
    }
}
