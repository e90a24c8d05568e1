package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;

/**
 * Relay and retour through signaling, on a server with its media core and mixer but no media
 * flowing: booths start from their configured relay sources, {@code setIncoming} and
 * {@code setOutgoing} change them, and routings that would loop are refused naming the cycle.
 */
@Timeout(60)
class BoothRoutingTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private ParleyServer server;
    private AdminApi api;
    private String meetingId;

    @BeforeEach
    void start() throws Exception {
        server = MediaTestServer.start();
        api = new AdminApi(server);
        meetingId = api.createMeeting("""
                {"title": "Summit", "languages": ["en", "fr", "es", "ar"], "floorLanguage": "en",
                 "booths": [{"language": "fr"}, {"language": "es", "relaySource": "fr"}, {"language": "ar"}]}
                """);
    }

    @AfterEach
    void stop() {
        api.close();
        server.close();
    }

    @Test
    void boothsStartFromTheirConfiguredRelayAndRefuseCycles() throws Exception {
        try (SignalingClient french = interpreter("fr", "Camille");
             SignalingClient arabic = interpreter("ar", "Layla");
             SignalingClient delegate = api.join(meetingId, "{\"role\": \"delegate\", \"name\": \"Del\"}")) {

            // es relays fr from the mixer's start, so fr relaying es would close a loop.
            SignalingException cycle = assertThrows(SignalingException.class, () -> setIncoming(french, "es"));
            assertEquals("RELAY_CYCLE", cycle.code(), cycle.getMessage());
            assertTrue(cycle.getMessage().contains("fr → es → fr"), "names the cycle: " + cycle.getMessage());
            SignalingException self = assertThrows(SignalingException.class, () -> setIncoming(arabic, "ar"));
            assertEquals("RELAY_CYCLE", self.code(), self.getMessage());

            JsonNode incoming = setIncoming(arabic, "fr");
            assertEquals("incoming", incoming.get("type").asText(), incoming.toString());
            assertEquals("fr", incoming.get("source").asText());
            JsonNode booths = awaitBooths(delegate, view -> "fr".equals(booth(view, "ar").path("incoming").asText()));
            assertEquals("fr", booth(booths, "es").get("incoming").asText(), "the configured relay");
            assertEquals("floor", booth(booths, "fr").get("incoming").asText());

            // A retour from ar (relaying fr) into fr would feed fr with itself.
            SignalingException retour = assertThrows(SignalingException.class, () -> setOutgoing(arabic, "fr"));
            assertEquals("RELAY_CYCLE", retour.code(), retour.getMessage());
            JsonNode outgoing = setOutgoing(arabic, "en");
            assertEquals("en", outgoing.get("channel").asText(), outgoing.toString());
            awaitBooths(delegate, view -> "en".equals(booth(view, "ar").path("outgoing").asText()));

            JsonNode back = setIncoming(arabic, "floor");
            assertEquals("floor", back.get("source").asText());
            SignalingException unknown = assertThrows(SignalingException.class, () -> setIncoming(arabic, "de"));
            assertEquals("UNKNOWN_LANGUAGE", unknown.code(), unknown.getMessage());
            SignalingException noMicrophone = assertThrows(SignalingException.class, () -> french.request(
                    SignalingClient.message("requestHandover"), TIMEOUT));
            assertEquals("HANDOVER_REFUSED", noMicrophone.code(), noMicrophone.getMessage());
            SignalingException nothingOffered = assertThrows(SignalingException.class, () -> french.request(
                    SignalingClient.message("acceptHandover"), TIMEOUT));
            assertEquals("HANDOVER_REFUSED", nothingOffered.code(), nothingOffered.getMessage());
        }
    }

    private SignalingClient interpreter(String booth, String name) throws Exception {
        return api.join(meetingId, "{\"role\": \"interpreter\", \"booth\": \"" + booth + "\", \"name\": \"" + name + "\"}");
    }

    private static JsonNode setIncoming(SignalingClient interpreter, String source) throws Exception {
        return interpreter.request(SignalingClient.message("setIncoming").put("source", source), TIMEOUT);
    }

    private static JsonNode setOutgoing(SignalingClient interpreter, String channel) throws Exception {
        return interpreter.request(SignalingClient.message("setOutgoing").put("channel", channel), TIMEOUT);
    }

    /** The first {@code booths} event (skipping older ones) whose booths satisfy {@code wanted}. */
    static JsonNode awaitBooths(SignalingClient client, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            JsonNode event = client.awaitEvent("booths", Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (wanted.test(event.get("booths"))) {
                return event.get("booths");
            }
        }
    }

    /** The booth of {@code language} in a {@code booths} array, or a missing node. */
    static JsonNode booth(JsonNode booths, String language) {
        for (JsonNode booth : booths) {
            if (language.equals(booth.get("language").asText())) {
                return booth;
            }
        }
        return MissingNode.getInstance();
    }
}
