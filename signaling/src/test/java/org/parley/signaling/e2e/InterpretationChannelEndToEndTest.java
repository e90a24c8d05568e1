package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;
import org.parley.signaling.peer.ToneAnalyzer;

/**
 * Interpretation channels through the SFU with real libwebrtc peers: a floor speaker (440 Hz) and a
 * French interpreter (1 kHz) publish into an API-created meeting; a listener's single receiving
 * m-line follows French mixed, then English mixed, then French clean, with no renegotiation.
 */
@Timeout(120)
class InterpretationChannelEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final double FLOOR_HZ = 440;
    private static final double INTERPRETER_HZ = 1000;
    /** Time for a switched stream to settle: the receiver's jitter buffer and the channel's level ramps. */
    private static final long SETTLE_MILLIS = 2500;

    private ParleyServer server;
    private AdminApi api;
    private String meetingId;

    @BeforeEach
    void start() throws Exception {
        server = MediaTestServer.start();
        api = new AdminApi(server);
        meetingId = api.createMeeting("""
                {"title": "Council", "languages": ["fr", "en"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                 "floorControl": "open"}
                """);
    }

    @AfterEach
    void stop() {
        api.close();
        server.close();
    }

    @Test
    void listenerSwitchesLanguageAndVariantOnOneMlineWithoutRenegotiation() throws Exception {
        try (TonePeer floor = TonePeer.publishing(api.join(meetingId, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), FLOOR_HZ);
             TonePeer interpreter = TonePeer.publishing(api.join(meetingId, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}"),
                     INTERPRETER_HZ);
             TonePeer listener = TonePeer.listening(api.join(meetingId, "{\"role\": \"delegate\", \"name\": \"Listener\"}"))) {

            JsonNode mic = interpreter.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            assertEquals("granted", mic.get("status").asText(), mic.toString());

            String mid = listener.slot.mid();
            JsonNode subscribed = listener.subscribeChannel("fr", "mixed", "standard");
            assertEquals("channel/" + meetingId + "/fr/mixed/standard", subscribed.get("producerId").asText());
            listener.peer.awaitSamples(mid, 48_000, TIMEOUT);
            Thread.sleep(SETTLE_MILLIS);
            short[] frMixed = recent(listener);
            assertDominant(frMixed, listener, INTERPRETER_HZ, "fr mixed");
            double floorUnder = level(frMixed, listener, FLOOR_HZ) - level(frMixed, listener, INTERPRETER_HZ);
            assertEquals(-15, floorUnder, 2, "fr mixed: the floor 15 dB under the interpreter, measured " + floorUnder);

            listener.subscribeChannel("en", "mixed", "standard");
            Thread.sleep(SETTLE_MILLIS);
            short[] enMixed = recent(listener);
            assertDominant(enMixed, listener, FLOOR_HZ, "en mixed (no English booth: the floor)");

            listener.subscribeChannel("fr", "clean", "standard");
            Thread.sleep(SETTLE_MILLIS);
            short[] frClean = recent(listener);
            assertDominant(frClean, listener, INTERPRETER_HZ, "fr clean");
            double floorLeak = level(frClean, listener, FLOOR_HZ) - level(frClean, listener, INTERPRETER_HZ);
            assertTrue(floorLeak <= -30, "fr clean: no floor, but it is only " + floorLeak + " dB down");

            assertEquals(0, listener.peer.packetsLost(), "three channels on one m-line look like one continuous stream");

            JsonNode cough = interpreter.signaling.request(SignalingClient.message("cough").put("held", true), TIMEOUT);
            assertTrue(cough.get("held").asBoolean(), cough.toString());
            Thread.sleep(SETTLE_MILLIS);
            double coughing = level(recent(listener), listener, INTERPRETER_HZ);
            double speaking = level(frClean, listener, INTERPRETER_HZ);
            assertTrue(coughing <= speaking - 30, "the cough key mutes: " + speaking + " dB, then " + coughing + " dB");

            try (TonePeer second = TonePeer.publishing(api.join(meetingId, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Dominique\"}"),
                    700)) {
                SignalingException refused = assertThrows(SignalingException.class,
                        () -> second.signaling.request(SignalingClient.message("micOn"), TIMEOUT));
                assertEquals("MIC_REFUSED", refused.code(), refused.getMessage());
                assertTrue(refused.getMessage().contains("Camille"), "names who holds the channel: " + refused.getMessage());
            }

            assertRefused("UNKNOWN_LANGUAGE", () -> listener.subscribeChannel("de", "mixed", "standard"));
            assertRefused("UNKNOWN_TIER", () -> listener.subscribeChannel("fr", "mixed", "ultra"));
            assertRefused("FORBIDDEN", () -> listener.signaling.request(SignalingClient.message("micOn"), TIMEOUT));
        }
    }

    private interface Request {
        void run() throws Exception;
    }

    private static void assertRefused(String code, Request request) {
        SignalingException refused = assertThrows(SignalingException.class, request::run);
        assertEquals(code, refused.code(), refused.getMessage());
    }

    /** The last half second the listener played out. */
    private static short[] recent(TonePeer listener) {
        return listener.recent(500);
    }

    private static double level(short[] samples, TonePeer listener, double hz) {
        return ToneAnalyzer.levelAtDb(samples, listener.peer.sampleRate(), hz);
    }

    private static void assertDominant(short[] samples, TonePeer listener, double hz, String what) {
        double dominant = ToneAnalyzer.dominantFrequency(samples, listener.peer.sampleRate());
        assertEquals(hz, dominant, 10, what + ": the listener hears " + dominant + " Hz");
    }
}
