package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;

/**
 * A language dropped from a running meeting, with real libwebrtc peers: a floor speaker (440 Hz) and
 * a German interpreter (1 kHz) publish, the Spanish booth relays German, a delegate follows German
 * mixed. The operator PUTs the meeting without German: the delegate is told its m-line follows the
 * floor and goes on hearing it on the same m-line, the German interpreter is heard nowhere and told
 * its booth is gone, the Spanish booth is told it interprets the floor. Then German comes back.
 */
@Timeout(120)
class LanguageRemovalEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final double FLOOR_HZ = 440;
    private static final double INTERPRETER_HZ = 1000;
    /** Time for a switched stream to settle: the receiver's jitter buffer and the channel's level ramps. */
    private static final long SETTLE_MILLIS = 2500;
    private static final String WITH_GERMAN = """
            {"title": "Council", "languages": ["en", "de", "es"], "floorLanguage": "en",
             "booths": [{"language": "de"}, {"language": "es", "relaySource": "de"}], "floorControl": "open"}
            """;
    private static final String WITHOUT_GERMAN = """
            {"title": "Council", "languages": ["en", "es"], "floorLanguage": "en",
             "booths": [{"language": "es"}], "floorControl": "open"}
            """;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting(WITH_GERMAN);

    @Test
    void listenersOfADroppedLanguageKeepHearingTheFloorAndItsInterpreterFallsSilent() throws Exception {
        try (TonePeer floor = TonePeer.publishing(meeting.join("{\"role\": \"delegate\", \"name\": \"Floor\"}"), FLOOR_HZ);
             TonePeer german = TonePeer.publishing(meeting.join("{\"role\": \"interpreter\", \"booth\": \"de\", \"name\": \"Greta\"}"),
                     INTERPRETER_HZ);
             SignalingClient spanish = meeting.join("{\"role\": \"interpreter\", \"booth\": \"es\", \"name\": \"Elena\"}");
             TonePeer listener = TonePeer.listening(meeting.join("{\"role\": \"delegate\", \"name\": \"Del\"}"))) {
            JsonNode mic = german.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            assertEquals("granted", mic.get("status").asText(), mic.toString());
            String mid = listener.slot.mid();
            listener.subscribeChannel("de", "mixed", "standard");
            listener.peer.awaitSamples(mid, 48_000, TIMEOUT);
            Thread.sleep(SETTLE_MILLIS);
            listener.assertHears(INTERPRETER_HZ, "de mixed with Greta live");

            meeting.api().replaceMeeting(meeting.id(), WITHOUT_GERMAN);

            JsonNode moved = listener.signaling.awaitEvent("channelRemoved", TIMEOUT);
            assertEquals(mid, moved.get("mid").asText(), moved.toString());
            assertEquals("de", moved.get("language").asText());
            assertEquals("floor", moved.get("now").asText());
            assertEquals("channel/" + meeting.id() + "/floor/mixed/standard", moved.get("producerId").asText());
            JsonNode gone = german.signaling.awaitEvent("boothRemoved", TIMEOUT);
            assertEquals("de", gone.get("booth").asText(), gone.toString());
            JsonNode incoming = spanish.awaitEvent("incoming", TIMEOUT);
            assertEquals("floor", incoming.get("source").asText(), "the Spanish booth relayed German: " + incoming);
            JsonNode booths = awaitBooths(spanish, view -> view.size() == 1 && "floor".equals(view.get(0).get("incoming").asText()));
            assertEquals("es", booths.get(0).get("language").asText(), booths.toString());

            Thread.sleep(SETTLE_MILLIS);
            short[] after = listener.recent(500);
            listener.assertHears(FLOOR_HZ, "the floor on the same m-line");
            double interpreterUnder = listener.levelDb(after, INTERPRETER_HZ) - listener.levelDb(after, FLOOR_HZ);
            assertTrue(interpreterUnder <= -30, "Greta is heard nowhere, yet only " + interpreterUnder + " dB down");
            assertEquals(0, listener.peer.packetsLost(), "one continuous stream across the removal");

            assertEquals("UNKNOWN_LANGUAGE", refusal(listener.signaling, SignalingClient.message("subscribeChannel")
                    .put("mid", mid).put("language", "de").put("variant", "mixed").put("tier", "standard")));
            assertEquals("FORBIDDEN", refusal(german.signaling, SignalingClient.message("micOn")));
            assertFalse(german.signaling.isClosed(), "Greta stays connected");
            german.signaling.request(SignalingClient.message("ping"), TIMEOUT);

            meeting.api().replaceMeeting(meeting.id(), WITH_GERMAN);
            assertEquals("de", german.signaling.awaitEvent("boothReopened", TIMEOUT).get("booth").asText());
            awaitBooths(spanish, view -> view.size() == 2);
            JsonNode again = german.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            assertEquals("granted", again.get("status").asText(), again.toString());
            JsonNode back = listener.subscribeChannel("de", "mixed", "standard");
            assertEquals("channel/" + meeting.id() + "/de/mixed/standard", back.get("producerId").asText());
            Thread.sleep(SETTLE_MILLIS);
            listener.assertHears(INTERPRETER_HZ, "German again, with Greta back in her booth");
        }
    }

    /** The first {@code booths} event (skipping older ones) whose booths satisfy {@code wanted}. */
    private static JsonNode awaitBooths(SignalingClient client, Predicate<JsonNode> wanted) throws Exception {
        return client.awaitEvent("booths", event -> wanted.test(event.get("booths")), TIMEOUT).get("booths");
    }

    /** The error code the server answered {@code message} from {@code client} with. */
    private static String refusal(SignalingClient client, ObjectNode message) {
        return assertThrows(SignalingException.class, () -> client.request(message, TIMEOUT)).code();
    }
}
