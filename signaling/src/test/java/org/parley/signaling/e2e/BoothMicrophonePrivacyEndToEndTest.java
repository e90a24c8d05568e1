package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;

/**
 * Media privacy of the booths with real libwebrtc peers: an interpreter's raw microphone may be
 * subscribed to by its booth partner and the chair only, and while it is off air (microphone off,
 * cough held) the router forwards no packet of it to anyone: the packet counts of the subscribed
 * partner and chair stand still, and move while it is on air.
 */
@Timeout(120)
class BoothMicrophonePrivacyEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final double TONE_HZ = 1000;
    /** Long enough for 50 packets of a live 20 ms microphone, and for any packet in flight to land. */
    private static final long WATCH_MILLIS = 1000;
    /** Packets already on their way when the gate closed (the gate moves at a mixer tick). */
    private static final long IN_FLIGHT_MILLIS = 300;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
                {"title": "Council", "languages": ["en", "fr", "es"], "floorLanguage": "en",
                 "booths": [{"language": "fr"}, {"language": "es"}]}
                """);

    @Test
    void onlyBoothPartnersAndChairsHearTheRawMicrophoneAndOnlyWhileOnAir() throws Exception {
        try (TonePeer camille = TonePeer.publishing(interpreter("fr", "Camille"), TONE_HZ);
             TonePeer partner = TonePeer.listening(interpreter("fr", "Dominique"));
             TonePeer chair = TonePeer.listening(meeting.join("{\"role\": \"chair\", \"name\": \"Chair\"}"));
             TonePeer delegate = TonePeer.listening(meeting.join("{\"role\": \"delegate\", \"name\": \"Del\"}"));
             TonePeer observer = TonePeer.listening(meeting.join("{\"role\": \"observer\", \"name\": \"Obs\"}"));
             TonePeer spanish = TonePeer.listening(interpreter("es", "Elena"))) {
            String mic = camille.producerId;

            for (TonePeer outsider : new TonePeer[] {delegate, observer, spanish}) {
                SignalingException refused = assertThrows(SignalingException.class,
                        () -> outsider.signaling.subscribe(outsider.slot.mid(), mic));
                assertEquals("FORBIDDEN", refused.code(), refused.getMessage());
                SignalingException switched = assertThrows(SignalingException.class, () -> outsider.signaling.request(
                        SignalingClient.message("switch").put("mid", outsider.slot.mid()).put("producerId", mic), TIMEOUT));
                assertEquals("FORBIDDEN", switched.code(), "the alias follows the same policy");
            }
            assertEquals(mic, partner.signaling.subscribe(partner.slot.mid(), mic).get("producerId").asText());
            assertEquals(mic, chair.signaling.subscribe(chair.slot.mid(), mic).get("producerId").asText());

            Thread.sleep(WATCH_MILLIS);
            assertEquals(0, partner.peer.packetsReceived(), "off air from the start: nothing reaches the partner");
            assertEquals(0, chair.peer.packetsReceived(), "nor the chair");

            JsonNode on = camille.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            assertEquals("granted", on.get("status").asText(), on.toString());
            partner.peer.awaitSamples(partner.slot.mid(), 48_000, TIMEOUT);
            assertFlows(partner, "on air: the partner hears the microphone");
            assertFlows(chair, "on air: the chair hears it");
            partner.assertHears(TONE_HZ, "the partner");

            camille.signaling.request(SignalingClient.message("cough").put("held", true), TIMEOUT);
            assertStill(partner, "cough held");
            assertStill(chair, "cough held");
            camille.signaling.request(SignalingClient.message("cough").put("held", false), TIMEOUT);
            assertFlows(partner, "cough released");

            JsonNode off = camille.signaling.request(SignalingClient.message("micOff"), TIMEOUT);
            assertEquals("released", off.get("status").asText(), off.toString());
            assertStill(partner, "microphone off");
            assertStill(chair, "microphone off");
            assertEquals(0, delegate.peer.packetsReceived() + observer.peer.packetsReceived()
                    + spanish.peer.packetsReceived(), "the refused ones never received anything");
        }
    }

    private SignalingClient interpreter(String booth, String name) throws Exception {
        return meeting.join("{\"role\": \"interpreter\", \"booth\": \"" + booth + "\", \"name\": \"" + name + "\"}");
    }

    /** Packets arrive at {@code listener} during a watch: at least half of a 20 ms stream's. */
    private static void assertFlows(TonePeer listener, String when) throws InterruptedException {
        long before = listener.peer.packetsReceived();
        Thread.sleep(WATCH_MILLIS);
        long received = listener.peer.packetsReceived() - before;
        assertTrue(received >= WATCH_MILLIS / 20 / 2, when + ": " + received + " packets in " + WATCH_MILLIS + " ms");
    }

    /** No packet arrives at {@code listener} during a watch, once those in flight have landed. */
    private static void assertStill(TonePeer listener, String when) throws InterruptedException {
        Thread.sleep(IN_FLIGHT_MILLIS);
        long before = listener.peer.packetsReceived();
        Thread.sleep(WATCH_MILLIS);
        assertEquals(before, listener.peer.packetsReceived(), when + ": packets reached a listener off air");
    }
}
