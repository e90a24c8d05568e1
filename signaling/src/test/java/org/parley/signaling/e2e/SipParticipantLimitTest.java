package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.sip.Sipp;

/**
 * {@code limits.participantsPerMeeting} holds for room systems too: a SIP INVITE to a meeting that is
 * full of WebSocket participants gets 486 Busy Here, counted with the WebSocket refusals, and opens no audio.
 */
class SipParticipantLimitTest {

    @RegisterExtension
    final SipTestMeeting sip = new SipTestMeeting("""
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en"}
            """, limits -> limits.withParticipantsPerMeeting(1));

    @Test
    void aCallToAFullMeetingIsBusyAndCounted() throws Exception {
        String delegate = sip.token("{\"role\": \"delegate\", \"name\": \"Seated\"}");
        String room = sip.token("{\"role\": \"room-system\", \"name\": \"Room 4\"}");
        try (SignalingClient seated = SignalingClient.connect(MediaTestServer.webSocket(sip.server()))) {
            seated.request(SignalingClient.message("join").put("token", delegate), Duration.ofSeconds(10));

            Sipp.Result result = Sipp.run("refused_486.xml", sip.sipPort(), room);

            assertEquals(0, result.exitCode(), result.output());
            assertTrue(sip.media().legs().isEmpty(), "no audio opened");
            assertEquals(1, sip.participants());
            assertEquals(1, sip.counter("parley.limit.refusals", "limit",
                    SignalingLimits.PARTICIPANTS_PER_MEETING));
            assertTrue(sip.counter("parley.sip.responses", "status", "486") >= 1, "486 counted");
        }
    }
}
