package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.sip.LoopbackCallMedia;
import org.parley.signaling.sip.SipTestServer;
import org.parley.signaling.sip.Sipp;

/**
 * {@code limits.participantsPerMeeting} holds for room systems too: a SIP INVITE to a meeting that is
 * full of WebSocket participants gets 486 Busy Here, counted with the WebSocket refusals, and opens no audio.
 */
class SipParticipantLimitTest {

    private final LoopbackCallMedia media = new LoopbackCallMedia();
    private ParleyServer server;
    private AdminApi api;
    private String meetingId;

    @BeforeEach
    void start() throws Exception {
        server = SipTestServer.start(media, ParleyConfig.defaults().limits().withParticipantsPerMeeting(1));
        api = new AdminApi(server);
        meetingId = api.createMeeting("""
                {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en"}
                """);
    }

    @AfterEach
    void stop() {
        api.close();
        server.close();
    }

    @Test
    void aCallToAFullMeetingIsBusyAndCounted() throws Exception {
        String delegate = api.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"Seated\"}").get("token").asText();
        String room = api.invite(meetingId, "{\"role\": \"room-system\", \"name\": \"Room 4\"}").get("token").asText();
        try (SignalingClient seated = SignalingClient.connect(MediaTestServer.webSocket(server))) {
            seated.request(SignalingClient.message("join").put("token", delegate), Duration.ofSeconds(10));

            Sipp.Result result = Sipp.run("refused_486.xml", server.sipPort(), room);

            assertEquals(0, result.exitCode(), result.output());
            assertTrue(media.legs().isEmpty(), "no audio opened");
            assertEquals(1, server.meetings().meeting(meetingId).participants().size());
            assertEquals(1, MediaTestServer.counter(server, "parley.limit.refusals", "limit",
                    SignalingLimits.PARTICIPANTS_PER_MEETING));
            assertTrue(MediaTestServer.counter(server, "parley.sip.responses", "status", "486") >= 1, "486 counted");
        }
    }
}
