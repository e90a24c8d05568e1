package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.peer.ReceiveSlot;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;
import org.parley.signaling.peer.ToneAnalyzer;
import org.parley.signaling.peer.WebRtcPeer;

/**
 * Floor control with real libwebrtc peers in a chaired meeting: a delegate (1 kHz) publishes, a
 * French interpreter (600 Hz) is live, and a listener receives the delegate's producer on one
 * m-line and the {@code floor} channel on another. The delegate is heard on neither until the chair
 * grants it the floor, and on neither again once revoked; the interpreter is never on the floor.
 * Also: the meeting's tier policy, and the roster the chair receives.
 */
@Timeout(180)
class FloorEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final double DELEGATE_HZ = 1000;
    private static final double INTERPRETER_HZ = 600;
    /** Time for a change to reach the ear: the floor mix's fades, the receiver's jitter buffer and concealment. */
    private static final long SETTLE_MILLIS = 2500;
    /** A tone counts as heard above this level, and as absent below {@link #ABSENT_DB}. */
    private static final double HEARD_DB = -40;
    private static final double ABSENT_DB = -60;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
                {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                 "tierPolicy": ["standard"]}
                """);

    @Test
    void aDelegateIsHeardOnlyWhileItHasTheFloor() throws Exception {
        try (SignalingClient chair = meeting.join("{\"role\": \"chair\", \"name\": \"Chair\"}");
             TonePeer delegate = TonePeer.publishing(meeting.join("{\"role\": \"delegate\", \"name\": \"Ada\"}"),
                     DELEGATE_HZ);
             TonePeer interpreter = TonePeer.publishing(meeting.join("{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}"), INTERPRETER_HZ);
             SignalingClient listenerSignaling = meeting.join("{\"role\": \"delegate\", \"name\": \"Listener\"}");
             WebRtcPeer listener = WebRtcPeer.subscriber()) {
            JsonNode mic = interpreter.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            assertEquals("granted", mic.get("status").asText(), mic.toString());
            ReceiveSlot direct = listener.addRecvOnlyAudio();
            ReceiveSlot floor = listener.addRecvOnlyAudio();
            listener.setAnswer(listenerSignaling.offer(listener.createOffer()).get("sdp").asText());
            listener.awaitConnected(TIMEOUT);
            listenerSignaling.subscribe(direct.mid(), delegate.producerId);
            JsonNode subscribed = TonePeer.subscribeChannel(listenerSignaling, floor.mid(), "floor", "clean", "standard");
            assertEquals("channel/" + meeting.id() + "/floor/mixed/standard", subscribed.get("producerId").asText(),
                    "both variants of the floor are the floor mix");
            listener.awaitSamples(floor.mid(), 48_000, TIMEOUT);
            Thread.sleep(SETTLE_MILLIS);

            assertAbsent(listener, direct, DELEGATE_HZ, "before the floor is given, the SFU forwards nothing of Ada");
            assertAbsent(listener, floor, DELEGATE_HZ, "before the floor is given, Ada is not mixed into the floor");
            assertAbsent(listener, floor, INTERPRETER_HZ, "an interpreter is never on the floor");

            JsonNode hand = delegate.signaling.request(SignalingClient.message("raiseHand").put("raised", true), TIMEOUT);
            assertTrue(hand.get("raised").asBoolean(), hand.toString());
            String adaId = participantId("Ada");
            JsonNode granted = chair.request(SignalingClient.message("grantFloor").put("participantId", adaId), TIMEOUT);
            assertEquals(adaId, granted.get("participantId").asText(), granted.toString());
            Thread.sleep(SETTLE_MILLIS);

            assertHeard(listener, direct, DELEGATE_HZ, "with the floor, Ada is forwarded");
            assertHeard(listener, floor, DELEGATE_HZ, "with the floor, Ada is the floor");
            assertAbsent(listener, floor, INTERPRETER_HZ, "an interpreter is never on the floor");

            chair.request(SignalingClient.message("revokeFloor").put("participantId", adaId), TIMEOUT);
            Thread.sleep(SETTLE_MILLIS);

            assertAbsent(listener, direct, DELEGATE_HZ, "revoked: the SFU forwards nothing of Ada again");
            assertAbsent(listener, floor, DELEGATE_HZ, "revoked: Ada has left the floor mix");
        }
    }

    @Test
    void tierPolicyAndRosterReachTheChair() throws Exception {
        try (SignalingClient chairSignaling = meeting.join("{\"role\": \"chair\", \"name\": \"Chair\"}");
             WebRtcPeer chair = WebRtcPeer.subscriber();
             SignalingClient listenerSignaling = meeting.join("{\"role\": \"delegate\", \"name\": \"Listener\"}");
             WebRtcPeer listener = WebRtcPeer.subscriber()) {
            ReceiveSlot chairSlot = chair.addRecvOnlyAudio();
            chair.setAnswer(chairSignaling.offer(chair.createOffer()).get("sdp").asText());
            ReceiveSlot slot = listener.addRecvOnlyAudio();
            listener.setAnswer(listenerSignaling.offer(listener.createOffer()).get("sdp").asText());
            listener.awaitConnected(TIMEOUT);
            chair.awaitConnected(TIMEOUT);

            SignalingException low = assertThrows(SignalingException.class,
                    () -> TonePeer.subscribeChannel(listenerSignaling, slot.mid(), "fr", "mixed", "low"));
            assertEquals("FORBIDDEN", low.code(), low.getMessage());
            assertTrue(low.getMessage().contains("standard"), "names the allowed tiers: " + low.getMessage());
            SignalingException studio = assertThrows(SignalingException.class,
                    () -> TonePeer.subscribeChannel(listenerSignaling, slot.mid(), "fr", "mixed", "studio"));
            assertEquals("FORBIDDEN", studio.code(), studio.getMessage());
            JsonNode auto = TonePeer.subscribeChannel(listenerSignaling, slot.mid(), "fr", "mixed", "auto");
            assertEquals("standard", auto.path("tier").asText(), "auto keeps to the policy: " + auto);
            TonePeer.subscribeChannel(listenerSignaling, slot.mid(), "fr", "mixed", "standard");
            TonePeer.subscribeChannel(chairSignaling, chairSlot.mid(), "fr", "clean", "studio"); // a chair may always use studio
            SignalingException chairLow = assertThrows(SignalingException.class,
                    () -> TonePeer.subscribeChannel(chairSignaling, chairSlot.mid(), "fr", "clean", "low"));
            assertEquals("FORBIDDEN", chairLow.code(), chairLow.getMessage());
            listener.awaitSamples(slot.mid(), 48_000, TIMEOUT);

            // RTCP needs a few report intervals; each roster comes at most every two seconds.
            JsonNode entry = null;
            for (int i = 0; i < 15 && (entry == null || !entry.get("quality").get("grade").asText().equals("good")); i++) {
                JsonNode roster = chairSignaling.awaitEvent("roster", TIMEOUT);
                entry = entryOf(roster, "Listener");
            }
            assertNotNull(entry);
            assertEquals("delegate", entry.get("role").asText(), entry.toString());
            assertEquals("fr", entry.get("channel").get("language").asText(), entry.toString());
            assertEquals("mixed", entry.get("channel").get("variant").asText());
            assertEquals("standard", entry.get("channel").get("tier").asText());
            JsonNode quality = entry.get("quality");
            assertEquals("good", quality.get("grade").asText(), "loopback: " + quality);
            assertTrue(quality.get("lossPercent").asDouble() < 2, quality.toString());
            assertTrue(quality.get("mos").asDouble() >= 4.0, "loopback scores well: " + quality);
            assertTrue(quality.get("r").asInt() >= 80, quality.toString());
        }
    }

    private String participantId(String name) {
        return meeting.server().meetings().meeting(meeting.id()).participants().stream()
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow().id();
    }

    private static JsonNode entryOf(JsonNode roster, String name) {
        for (JsonNode entry : roster.get("participants")) {
            if (entry.get("name").asText().equals(name)) {
                return entry;
            }
        }
        return null;
    }


    /** The level of {@code hz} in the last half second {@code slot} played out. */
    private static double level(WebRtcPeer peer, ReceiveSlot slot, double hz) {
        return ToneAnalyzer.levelAtDb(slot.recentSamples(peer.sampleRate() / 2), peer.sampleRate(), hz);
    }

    private static void assertHeard(WebRtcPeer peer, ReceiveSlot slot, double hz, String what) {
        short[] recent = slot.recentSamples(peer.sampleRate() / 2);
        double dominant = ToneAnalyzer.dominantFrequency(recent, peer.sampleRate());
        assertEquals(hz, dominant, 10, what + ": heard " + dominant + " Hz");
        double db = level(peer, slot, hz);
        assertTrue(db > HEARD_DB, what + ": " + hz + " Hz at " + db + " dB");
    }

    private static void assertAbsent(WebRtcPeer peer, ReceiveSlot slot, double hz, String what) {
        double db = level(peer, slot, hz);
        assertTrue(db < ABSENT_DB, what + ": " + hz + " Hz at " + db + " dB");
    }
}
