package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.sip.Baresip;

/**
 * A SIP room's quality score, with a real soft-phone (baresip) as the room system: its RTCP reports
 * on what we send it give the round-trip time and the outbound loss, our reports on its stream the
 * inbound; the chair's roster shows the room's score, grade and figures like a WebRTC participant's.
 */
@Timeout(90)
class SipQualityEndToEndTest {

    /** RTCP every 5 s both ways (ours first after 2.5 s; libre's first after about as long). */
    private static final Duration SCORED_WITHIN = Duration.ofSeconds(30);

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "floorControl": "open"}
            """);

    @Test
    void aSoftPhonesCallIsScoredFromRtcpBothWays() throws Exception {
        String token = meeting.api().invite(meeting.id(), "{\"role\": \"delegate\", \"name\": \"Room 4\"}")
                .get("token").asText();
        try (SignalingClient chair = meeting.join("{\"role\": \"chair\", \"name\": \"Chair\"}");
             Baresip room = Baresip.dial(token, meeting.server().sipPort(), 60)) {
            JsonNode last = null;
            long deadline = System.nanoTime() + SCORED_WITHIN.toNanos();
            JsonNode entry = null;
            while (entry == null) {
                long left = deadline - System.nanoTime();
                JsonNode roster;
                try {
                    roster = chair.awaitEvent("roster", Duration.ofNanos(Math.max(1, left)));
                } catch (TimeoutException e) {
                    throw new AssertionError("no score for the room within " + SCORED_WITHIN + "; last roster: "
                            + last + "\nbaresip:\n" + room.output(), e);
                }
                last = roster;
                for (JsonNode candidate : roster.get("participants")) {
                    JsonNode quality = candidate.get("quality");
                    if (candidate.get("name").asText().equals("Room 4") && quality.get("mos").isNumber()
                            && quality.get("rttMs").isNumber()) {
                        entry = candidate;
                    }
                }
            }
            JsonNode quality = entry.get("quality");
            System.out.println("SIP room (baresip) in the roster: " + entry);
            assertEquals("good", quality.get("grade").asText(), quality.toString());
            assertTrue(quality.get("mos").asDouble() >= 4.2, "a clean loopback call: " + quality);
            assertTrue(quality.get("r").asInt() >= 85, quality.toString());
            assertTrue(quality.get("rttMs").asDouble() < 100, "loopback: " + quality);
            assertEquals("en", entry.get("channel").get("language").asText());

            Meeting council = meeting.server().meetings().meeting(meeting.id());
            Participant participant = council.participants().stream()
                    .filter(p -> p.name().equals("Room 4")).findFirst().orElse(null);
            assertNotNull(participant);
            TransportQuality figures = participant.media().quality();
            assertTrue(figures.outboundLossPercent() >= 0, "baresip reported on what we send it: " + figures);
            assertTrue(figures.inboundLossPercent() >= 0, "we reported on what it sends: " + figures);
            QualityScore score = participant.media().score();
            assertTrue(score.isKnown() && score.mos() >= 4.2, score.toString());
            assertTrue(room.isAlive(), "still in the call:\n" + room.output());
        }
    }
}
