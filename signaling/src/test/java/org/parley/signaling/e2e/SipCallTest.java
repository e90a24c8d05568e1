package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.sip.LoopbackCallMedia;
import org.parley.signaling.sip.SipMessage;
import org.parley.signaling.sip.SipRequest;
import org.parley.signaling.sip.SipResponse;
import org.parley.signaling.sip.SipTestClient;
import org.parley.signaling.sip.media.CallCodec;

/**
 * A SIP call held open while the meeting changes around it: floor gating follows the chair, the
 * language comes from the URI, and the room system is sent BYE when the meeting ends or the server
 * stops.
 */
class SipCallTest {

    private static final long WAIT_MILLIS = 10_000;

    @RegisterExtension
    final SipTestMeeting sip = new SipTestMeeting("""
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "floorControl": "chaired"}
            """);

    /** Floor changes reach the call on the SIP event loop: wait (bounded) for it to follow. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT_MILLIS + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aDelegateRoomIsHeardOnlyWhileTheChairGivesItTheFloor() throws Exception {
        try (SipTestClient room = new SipTestClient(sip.sipPort())) {
            SipResponse answer = room.invite(sip.token("{\"role\": \"delegate\", \"name\": \"Room 4\"}"), ";lang=fr");
            assertEquals(200, answer.status());
            assertTrue(answer.body().contains("m=audio " + sip.media().legs().getFirst().port() + " RTP/AVP 8"),
                    "PCMA, the offerer's first choice: " + answer.body());

            LoopbackCallMedia.Leg leg = sip.media().legs().getFirst();
            assertEquals(CallCodec.PCMA, leg.codec());
            assertEquals("fr", leg.language(), "the URI's lang parameter");
            assertFalse(leg.heard(), "chaired: not heard without the floor");
            Participant participant = sip.meeting().participants().getFirst();
            assertEquals("Room 4", participant.name(), "in the roster like any participant");
            assertEquals("fr", participant.media().listening().language());

            assertTrue(sip.meeting().grantFloor(participant));
            await(leg::heard, "heard once given the floor");
            assertTrue(sip.meeting().floor().speakers().contains(participant));

            assertTrue(sip.meeting().revokeFloor(participant));
            await(() -> !leg.heard(), "silent once the floor is taken back");

            assertEquals(200, room.bye());
            assertTrue(sip.meeting().participants().isEmpty());
        }
    }

    @Test
    void aRoomSystemIsAlwaysHeard() throws Exception {
        try (SipTestClient room = new SipTestClient(sip.sipPort())) {
            assertEquals(200, room.invite(sip.token("{\"role\": \"room-system\"}")).status());

            assertTrue(sip.media().legs().getFirst().heard());
            assertEquals("en", sip.media().legs().getFirst().language(), "the floor language by default");
        }
    }

    @Test
    void anUnknownLanguageIsNotFound() throws Exception {
        try (SipTestClient room = new SipTestClient(sip.sipPort())) {
            SipResponse refusal = room.invite(sip.token("{\"role\": \"delegate\"}"), ";lang=xx");

            assertEquals(404, refusal.status());
            assertTrue(refusal.headers().first("Warning").contains("has no language 'xx'"), refusal.headers().first("Warning"));
            assertTrue(sip.meeting().participants().isEmpty());
        }
    }

    @Test
    void revokingTheInvitationHangsUpItsCallAndForbidsNewOnes() throws Exception {
        var invitation = sip.api().invite(sip.id(), "{\"role\": \"delegate\"}");
        try (SipTestClient room = new SipTestClient(sip.sipPort())) {
            assertEquals(200, room.invite(invitation.get("token").asText()).status());

            sip.api().revoke(sip.id(), invitation.get("invitationId").asText()); // 204, or it throws

            SipMessage bye = room.receive();
            assertEquals(SipRequest.BYE, ((SipRequest) bye).method());
            assertTrue(sip.media().legs().getFirst().closed());
            assertTrue(sip.meeting().participants().isEmpty());
        }
        try (SipTestClient room = new SipTestClient(sip.sipPort())) {
            assertEquals(403, room.invite(invitation.get("token").asText()).status());
        }
    }

    @Test
    void theRoomSystemIsSentByeWhenTheMeetingEnds() throws Exception {
        Meeting meeting = sip.meeting();
        try (SipTestClient room = new SipTestClient(sip.sipPort())) {
            assertEquals(200, room.invite(sip.token("{\"role\": \"room-system\"}")).status());
            String another = sip.token("{\"role\": \"room-system\"}");

            meeting.end(null);

            SipMessage bye = room.receive();
            assertEquals(SipRequest.BYE, ((SipRequest) bye).method());
            assertTrue(sip.media().legs().getFirst().closed());
            assertTrue(meeting.participants().isEmpty());
            try (SipTestClient late = new SipTestClient(sip.sipPort())) {
                assertEquals(410, late.invite(another).status(), "an ended meeting is gone");
            }
        }
    }

    @Test
    void theRoomSystemIsSentByeWhenTheServerStops() throws Exception {
        try (SipTestClient room = new SipTestClient(sip.sipPort())) {
            assertEquals(200, room.invite(sip.token("{\"role\": \"delegate\"}")).status());

            sip.stopServer();

            SipMessage bye = room.receive();
            assertEquals(SipRequest.BYE, ((SipRequest) bye).method());
            assertTrue(sip.media().legs().getFirst().closed());
        }
    }
}
