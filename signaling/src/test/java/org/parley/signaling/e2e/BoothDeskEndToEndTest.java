package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;
import org.parley.signaling.peer.ToneAnalyzer;

/**
 * The booth desk on a whole server with its mixer. Routing through signaling alone: booths start
 * from their configured relay sources, {@code setIncoming} and {@code setOutgoing} change them, and
 * routings that would loop are refused naming the cycle. A handover heard by a real listener: two
 * French interpreters publish different tones through libwebrtc peers, a delegate follows French
 * clean; the live one offers the microphone, the partner accepts, and the listener hears the channel
 * cross over with no gap and never both voices at full level; then the first takes it back unasked.
 */
@Timeout(120)
class BoothDeskEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final double FIRST_HZ = 1000;
    private static final double SECOND_HZ = 1500;
    /** Time for a stream to settle: the receiver's jitter buffer and the channel's level ramps. */
    private static final long SETTLE_MILLIS = 2500;
    /** Analysis window: two mixer frames, so a 5 ms cross-fade lies within one or two windows. */
    private static final int WINDOW_MILLIS = 20;
    /**
     * Both voices at full level would read 0 dB each against their own steady level; half a window of
     * each reads about -6 dB. Anything with both above this would be two live microphones.
     */
    private static final double BOTH_LIVE_DB = -3;
    /** Outside the cross-fade one voice is at least this much louder than the other. */
    private static final double ONE_VOICE_DB = 10;
    /** Windows a 5 ms cross-fade can touch. */
    private static final int CROSSFADE_WINDOWS = 2;
    /** A gap the listener would hear: the existing end-to-end tests' bound for network jitter (one frame is 20 ms). */
    private static final double MAX_GAP_MILLIS = 60;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
                {"title": "Summit", "languages": ["en", "fr", "es", "ar"], "floorLanguage": "en",
                 "booths": [{"language": "fr"}, {"language": "es", "relaySource": "fr"}, {"language": "ar"}]}
                """);

    @Test
    void boothsStartFromTheirConfiguredRelayAndRefuseCycles() throws Exception {
        try (SignalingClient french = interpreter("fr", "Camille");
             SignalingClient arabic = interpreter("ar", "Layla");
             SignalingClient delegate = meeting.join("{\"role\": \"delegate\", \"name\": \"Del\"}")) {

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

    @Test
    void theMicrophoneCrossesOverWithoutAGapAndNeverBothLive() throws Exception {
        try (TonePeer first = TonePeer.publishing(interpreter("fr", "Camille"), FIRST_HZ);
             TonePeer second = TonePeer.publishing(interpreter("fr", "Dominique"), SECOND_HZ);
             TonePeer listener = TonePeer.listening(meeting.join("{\"role\": \"delegate\", \"name\": \"Del\"}"))) {
            JsonNode mic = first.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            assertEquals("granted", mic.get("status").asText(), mic.toString());
            listener.subscribeChannel("fr", "clean", "studio");
            listener.peer.awaitSamples(listener.slot.mid(), 48_000, TIMEOUT);
            Thread.sleep(SETTLE_MILLIS);
            listener.assertHears(FIRST_HZ, "Camille live");
            JsonNode heard = awaitBooths(listener.signaling, view -> booth(view, "fr").path("listeners").asInt() == 1
                    && "Camille".equals(booth(view, "fr").path("live").path("name").asText()));
            String firstId = booth(heard, "fr").get("live").get("participantId").asText();

            JsonNode requested = first.signaling.request(SignalingClient.message("requestHandover"), TIMEOUT);
            String secondId = requested.get("to").asText();
            JsonNode offer = second.signaling.awaitEvent("handoverRequest", TIMEOUT);
            assertEquals(firstId, offer.get("from").asText(), offer.toString());
            assertEquals("Camille", offer.get("fromName").asText());
            assertEquals("fr", offer.get("booth").asText());
            JsonNode pending = awaitBooths(listener.signaling, view -> !booth(view, "fr").path("pendingHandover").isNull());
            assertEquals(firstId, booth(pending, "fr").get("pendingHandover").get("from").asText());
            assertEquals(secondId, booth(pending, "fr").get("pendingHandover").get("to").asText());
            listener.assertHears(FIRST_HZ, "nothing switches before the partner accepts");

            JsonNode granted = second.signaling.request(SignalingClient.message("acceptHandover"), TIMEOUT);
            assertEquals("granted", granted.get("status").asText(), granted.toString());
            JsonNode released = first.signaling.awaitEvent("mic", TIMEOUT);
            assertEquals("released", released.get("status").asText(), released.toString());
            assertTrue(released.get("message").asText().contains("Dominique"), released.toString());
            // The capture ring keeps two seconds: about one before the switch reached the listener, one after.
            Thread.sleep(1000);
            short[] crossing = listener.recent(2000);
            assertCrossesOnce(crossing, listener);
            double gap = ToneAnalyzer.longestGapMillis(crossing, listener.peer.sampleRate(), -50);
            assertTrue(gap <= MAX_GAP_MILLIS, "longest gap " + gap + " ms");
            JsonNode after = awaitBooths(listener.signaling,
                    view -> "Dominique".equals(booth(view, "fr").path("live").path("name").asText()));
            assertTrue(booth(after, "fr").get("pendingHandover").isNull(), after.toString());

            SignalingException busy = assertThrows(SignalingException.class, () -> first.signaling.request(
                    SignalingClient.message("setOutgoing").put("channel", "en"), TIMEOUT));
            assertEquals("BOOTH_BUSY", busy.code(), busy.getMessage());
            assertTrue(busy.getMessage().contains("Dominique"), "names who is live: " + busy.getMessage());

            JsonNode tookOver = first.signaling.request(SignalingClient.message("takeOver"), TIMEOUT);
            assertEquals("granted", tookOver.get("status").asText(), tookOver.toString());
            assertEquals("released", second.signaling.awaitEvent("mic", TIMEOUT).get("status").asText());
            Thread.sleep(SETTLE_MILLIS);
            listener.assertHears(FIRST_HZ, "Camille took the microphone back");
            assertEquals(0, listener.peer.packetsLost(), "one continuous stream through both switches");

            SignalingException stranger = assertThrows(SignalingException.class, () -> first.signaling.request(
                    SignalingClient.message("requestHandover").put("to", "someone-else"), TIMEOUT));
            assertEquals("HANDOVER_REFUSED", stranger.code(), stranger.getMessage());
            first.signaling.request(SignalingClient.message("cough").put("held", true), TIMEOUT);
            JsonNode coughing = awaitBooths(listener.signaling,
                    view -> booth(view, "fr").path("interpreters").path(0).path("coughing").asBoolean());
            assertEquals("Camille", booth(coughing, "fr").get("interpreters").get(0).get("name").asText());
        }
    }

    private SignalingClient interpreter(String booth, String name) throws Exception {
        return meeting.join("{\"role\": \"interpreter\", \"booth\": \"" + booth + "\", \"name\": \"" + name + "\"}");
    }

    private static JsonNode setIncoming(SignalingClient interpreter, String source) throws Exception {
        return interpreter.request(SignalingClient.message("setIncoming").put("source", source), TIMEOUT);
    }

    private static JsonNode setOutgoing(SignalingClient interpreter, String channel) throws Exception {
        return interpreter.request(SignalingClient.message("setOutgoing").put("channel", channel), TIMEOUT);
    }

    /** The first {@code booths} event (skipping older ones) whose booths satisfy {@code wanted}. */
    private static JsonNode awaitBooths(SignalingClient client, Predicate<JsonNode> wanted) throws Exception {
        return client.awaitEvent("booths", event -> wanted.test(event.get("booths")), TIMEOUT).get("booths");
    }

    /** The booth of {@code language} in a {@code booths} array, or a missing node. */
    private static JsonNode booth(JsonNode booths, String language) {
        for (JsonNode booth : booths) {
            if (language.equals(booth.get("language").asText())) {
                return booth;
            }
        }
        return MissingNode.getInstance();
    }
    /**
     * The first voice, then the second, switching once; only the cross-fade mixes them, and no window has
     * both near their steady levels (measured at the start of the capture for the first voice, at its end
     * for the second).
     */
    private static void assertCrossesOnce(short[] samples, TonePeer listener) {
        int rate = listener.peer.sampleRate();
        int window = rate * WINDOW_MILLIS / 1000;
        int windows = samples.length / window;
        double[] first = new double[windows];
        double[] second = new double[windows];
        for (int w = 0; w < windows; w++) {
            short[] slice = Arrays.copyOfRange(samples, w * window, (w + 1) * window);
            first[w] = ToneAnalyzer.levelAtDb(slice, rate, FIRST_HZ);
            second[w] = ToneAnalyzer.levelAtDb(slice, rate, SECOND_HZ);
        }
        int switchAt = -1;
        for (int w = 0; w < windows; w++) {
            if (second[w] > first[w]) {
                switchAt = w;
                break;
            }
        }
        assertTrue(switchAt > 0 && switchAt < windows - 1, "the switch lies inside the capture, at window " + switchAt);
        int mixed = 0;
        for (int w = 0; w < windows; w++) {
            if (Math.abs(first[w] - second[w]) < ONE_VOICE_DB) {
                mixed++;
            }
        }
        // Two live microphones would each be level-normalised down rather than both at full level: this catches that.
        assertTrue(mixed <= CROSSFADE_WINDOWS, mixed + " windows with neither voice " + ONE_VOICE_DB + " dB above the other");
        for (int w = switchAt; w < windows; w++) {
            assertTrue(second[w] > first[w], "the second voice stays from window " + switchAt + ", but not in " + w);
        }
        double firstSteady = first[0];
        double secondSteady = second[windows - 1];
        for (int w = 0; w < windows; w++) {
            boolean bothLive = first[w] - firstSteady > BOTH_LIVE_DB && second[w] - secondSteady > BOTH_LIVE_DB;
            assertFalse(bothLive, "window " + w + ": " + FIRST_HZ + " Hz at " + first[w] + " dB and " + SECOND_HZ
                    + " Hz at " + second[w] + " dB, steady levels " + firstSteady + " and " + secondSteady);
        }
    }
}
