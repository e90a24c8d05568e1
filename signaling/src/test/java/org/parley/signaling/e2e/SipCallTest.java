package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.sip.LoopbackCallMedia;
import org.parley.signaling.sip.SipMessage;
import org.parley.signaling.sip.SipRequest;
import org.parley.signaling.sip.SipResponse;
import org.parley.signaling.sip.SipTestClient;
import org.parley.signaling.sip.SipTestServer;
import org.parley.signaling.sip.media.CallCodec;

/**
 * A SIP call held open while the meeting changes around it: floor gating follows the chair, the
 * language comes from the URI, and the room system is sent BYE when the meeting ends or the server
 * stops.
 */
class SipCallTest {

    private static final long WAIT_MILLIS = 10_000;

    private final LoopbackCallMedia media = new LoopbackCallMedia();
    private ParleyServer server;
    private AdminApi api;
    private String meetingId;
    private Meeting meeting;

    @BeforeEach
    void start() throws Exception {
        server = SipTestServer.start(media);
        api = new AdminApi(server);
        meetingId = api.createMeeting("""
                {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "floorControl": "chaired"}
                """);
        meeting = server.meetings().meeting(meetingId);
    }

    @AfterEach
    void stop() {
        api.close();
        if (server != null) {
            server.close();
        }
    }

    private String token(String invitation) throws Exception {
        return api.invite(meetingId, invitation).get("token").asText();
    }

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
        try (SipTestClient room = new SipTestClient(server.sipPort())) {
            SipResponse answer = room.invite(token("{\"role\": \"delegate\", \"name\": \"Room 4\"}"), ";lang=fr");
            assertEquals(200, answer.status());
            assertTrue(answer.body().contains("m=audio " + media.legs().getFirst().port() + " RTP/AVP 8"),
                    "PCMA, the offerer's first choice: " + answer.body());

            LoopbackCallMedia.Leg leg = media.legs().getFirst();
            assertEquals(CallCodec.PCMA, leg.codec());
            assertEquals("fr", leg.language(), "the URI's lang parameter");
            assertFalse(leg.heard(), "chaired: not heard without the floor");
            Participant participant = meeting.participants().getFirst();
            assertEquals("Room 4", participant.name(), "in the roster like any participant");
            assertEquals("fr", participant.media().listening().language());

            assertTrue(meeting.grantFloor(participant));
            await(leg::heard, "heard once given the floor");
            assertTrue(meeting.floor().speakers().contains(participant));

            assertTrue(meeting.revokeFloor(participant));
            await(() -> !leg.heard(), "silent once the floor is taken back");

            assertEquals(200, room.bye());
            assertTrue(meeting.participants().isEmpty());
        }
    }

    @Test
    void aRoomSystemIsAlwaysHeard() throws Exception {
        try (SipTestClient room = new SipTestClient(server.sipPort())) {
            assertEquals(200, room.invite(token("{\"role\": \"room-system\"}")).status());

            assertTrue(media.legs().getFirst().heard());
            assertEquals("en", media.legs().getFirst().language(), "the floor language by default");
        }
    }

    @Test
    void anUnknownLanguageIsNotFound() throws Exception {
        try (SipTestClient room = new SipTestClient(server.sipPort())) {
            SipResponse refusal = room.invite(token("{\"role\": \"delegate\"}"), ";lang=xx");

            assertEquals(404, refusal.status());
            assertTrue(refusal.headers().first("Warning").contains("has no language 'xx'"), refusal.headers().first("Warning"));
            assertTrue(meeting.participants().isEmpty());
        }
    }

    @Test
    void revokingTheInvitationHangsUpItsCallAndForbidsNewOnes() throws Exception {
        var invitation = api.invite(meetingId, "{\"role\": \"delegate\"}");
        HttpRequest revoke = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/meetings/"
                        + meetingId + "/invitations/" + invitation.get("invitationId").asText()))
                .header("Authorization", "Bearer " + server.adminKey()).DELETE().build();
        try (SipTestClient room = new SipTestClient(server.sipPort());
             HttpClient http = HttpClient.newHttpClient()) {
            assertEquals(200, room.invite(invitation.get("token").asText()).status());

            assertEquals(204, http.send(revoke, HttpResponse.BodyHandlers.discarding()).statusCode());

            SipMessage bye = room.receive();
            assertEquals(SipRequest.BYE, ((SipRequest) bye).method());
            assertTrue(media.legs().getFirst().closed());
            assertTrue(meeting.participants().isEmpty());
        }
        try (SipTestClient room = new SipTestClient(server.sipPort())) {
            assertEquals(403, room.invite(invitation.get("token").asText()).status());
        }
    }

    @Test
    void theRoomSystemIsSentByeWhenTheMeetingEnds() throws Exception {
        try (SipTestClient room = new SipTestClient(server.sipPort())) {
            assertEquals(200, room.invite(token("{\"role\": \"room-system\"}")).status());
            String another = token("{\"role\": \"room-system\"}");

            meeting.end(null);

            SipMessage bye = room.receive();
            assertEquals(SipRequest.BYE, ((SipRequest) bye).method());
            assertTrue(media.legs().getFirst().closed());
            assertTrue(meeting.participants().isEmpty());
            try (SipTestClient late = new SipTestClient(server.sipPort())) {
                assertEquals(410, late.invite(another).status(), "an ended meeting is gone");
            }
        }
    }

    @Test
    void theRoomSystemIsSentByeWhenTheServerStops() throws Exception {
        try (SipTestClient room = new SipTestClient(server.sipPort())) {
            assertEquals(200, room.invite(token("{\"role\": \"delegate\"}")).status());

            server.close();
            server = null;

            SipMessage bye = room.receive();
            assertEquals(SipRequest.BYE, ((SipRequest) bye).method());
            assertTrue(media.legs().getFirst().closed());
        }
    }
}
