package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.media.MediaServer;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.sip.SipResponse;
import org.parley.signaling.sip.SipTestClient;
import org.parley.signaling.sip.Sipp;

/**
 * SIP dial-in on a whole server with its media core: the SDP answer names the call's real RTP port,
 * the room system's voice is a producer of the meeting and the router, and BYE takes both away.
 * (The audio itself is {@code SipCallMediaEndToEndTest}'s.)
 */
class SipAudioEndToEndTest {

    private static final Pattern M_LINE = Pattern.compile("m=audio (\\d+) RTP/AVP 8\r\n");
    private static final long WAIT_MILLIS = 10_000;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "floorControl": "open"}
            """);

    private String token() throws Exception {
        return meeting.api().invite(meeting.id(), "{\"role\": \"delegate\", \"name\": \"Room 4\"}").get("token").asText();
    }

    @Test
    void sippDialsInWithRealAudio() throws Exception {
        Sipp.Result result = Sipp.run("dial_in.xml", meeting.server().sipPort(), token());

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(meeting.server().meetings().meeting(meeting.id()).participants().isEmpty(), "left on BYE");
    }

    @Test
    void theCallsVoiceIsAProducerUntilBye() throws Exception {
        Meeting council = meeting.server().meetings().meeting(meeting.id());
        MediaServer media = meeting.server().media().orElseThrow();
        try (SipTestClient room = new SipTestClient(meeting.server().sipPort())) {
            SipResponse answer = room.invite(token());

            assertEquals(200, answer.status());
            Matcher mLine = M_LINE.matcher(answer.body());
            assertTrue(mLine.find(), "PCMA at a port: " + answer.body());
            assertTrue(Integer.parseInt(mLine.group(1)) > 0);
            assertTrue(answer.body().contains("c=IN IP4 127.0.0.1\r\n"), answer.body());
            Participant participant = council.participants().getFirst();
            List<String> producers = participant.producerIds();
            assertEquals(1, producers.size(), "its voice");
            assertNotNull(media.router().producer(producers.getFirst()));
            assertTrue(council.floor().heard(participant), "open floor: heard");

            assertEquals(200, room.bye());

            assertTrue(council.participants().isEmpty());
            long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
            while (media.router().producer(producers.getFirst()) != null) {
                assertTrue(System.nanoTime() < deadline, "the producer leaves the router");
                Thread.sleep(10);
            }
        }
    }
}
