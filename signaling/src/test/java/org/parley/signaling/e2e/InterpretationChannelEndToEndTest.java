package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.config.MixerConfig;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;
import org.parley.signaling.peer.ToneAnalyzer;

/**
 * Interpretation channels through the SFU with real libwebrtc peers: a floor speaker (440 Hz) and a
 * French interpreter (1 kHz) publish into an API-created meeting; a listener's single receiving
 * m-line follows French mixed (studio, then standard tier), then English mixed, then French clean,
 * with no renegotiation; at the default 20 ms mixer tick and at 10 ms. A language added to the running meeting can be
 * followed too, and the mixer's meters are on {@code /metrics}.
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

    private void start(int mixerFrameMillis) throws Exception {
        server = MediaTestServer.start(new MixerConfig(mixerFrameMillis));
        api = new AdminApi(server);
        meetingId = api.createMeeting("""
                {"title": "Council", "languages": ["fr", "en"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                 "floorControl": "open"}
                """);
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} ms mixer ticks")
    @ValueSource(ints = {20, 10})
    void listenerSwitchesLanguageAndVariantOnOneMlineWithoutRenegotiation(int mixerFrameMillis) throws Exception {
        start(mixerFrameMillis);
        try (TonePeer floor = TonePeer.publishing(api.join(meetingId, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), FLOOR_HZ);
             TonePeer interpreter = TonePeer.publishing(api.join(meetingId, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}"),
                     INTERPRETER_HZ);
             TonePeer listener = TonePeer.listening(api.join(meetingId, "{\"role\": \"delegate\", \"name\": \"Listener\"}"))) {

            JsonNode mic = interpreter.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            assertEquals("granted", mic.get("status").asText(), mic.toString());

            String mid = listener.slot.mid();
            // The ducking is measured on the studio tier: its CELT coding keeps both tones' levels, while
            // the speech coding of the standard tier (SILK, 24 kbit/s) takes about 2 dB off a tone 15 dB
            // under a louder one, varying by a few tenths from run to run.
            JsonNode subscribed = listener.subscribeChannel("fr", "mixed", "studio");
            assertEquals("channel/" + meetingId + "/fr/mixed/studio", subscribed.get("producerId").asText());
            listener.peer.awaitSamples(mid, 48_000, TIMEOUT);
            Thread.sleep(SETTLE_MILLIS);
            short[] frMixedStudio = recent(listener);
            assertDominant(frMixedStudio, listener, INTERPRETER_HZ, "fr mixed, studio");
            // The median of five half-second windows: a frame concealed anywhere on the way (a publisher's
            // tone source or the listener's jitter buffer late on a loaded machine) dips one tone in one
            // window by a dB or more; the mix's ducking is what stays.
            double[] windows = new double[5];
            for (int i = 0; i < windows.length; i++) {
                if (i > 0) {
                    Thread.sleep(500);
                }
                short[] window = recent(listener);
                windows[i] = level(window, listener, FLOOR_HZ) - level(window, listener, INTERPRETER_HZ);
            }
            double[] sorted = windows.clone();
            java.util.Arrays.sort(sorted);
            double floorUnder = sorted[sorted.length / 2];
            assertEquals(-15, floorUnder, 1, "fr mixed: the floor 15 dB under the interpreter, median of "
                    + java.util.Arrays.toString(windows));

            listener.subscribeChannel("fr", "mixed", "standard");
            Thread.sleep(SETTLE_MILLIS);
            short[] frMixed = recent(listener);
            assertDominant(frMixed, listener, INTERPRETER_HZ, "fr mixed, standard");
            double floorUnderStandard = level(frMixed, listener, FLOOR_HZ) - level(frMixed, listener, INTERPRETER_HZ);
            assertTrue(floorUnderStandard < -12 && floorUnderStandard > -20,
                    "fr mixed, standard: the floor still heard under the interpreter, measured " + floorUnderStandard);

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
            // German added to the meeting while it runs joins its mixer (no German booth: the floor).
            api.replaceMeeting(meetingId, """
                    {"title": "Council", "languages": ["fr", "en", "de"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                     "floorControl": "open"}
                    """);
            JsonNode german = listener.subscribeChannel("de", "mixed", "standard");
            assertEquals("channel/" + meetingId + "/de/mixed/standard", german.get("producerId").asText());
            Thread.sleep(SETTLE_MILLIS);
            assertDominant(recent(listener), listener, FLOOR_HZ, "de mixed, added after the mixer started");
            assertRefused("UNKNOWN_TIER", () -> listener.subscribeChannel("fr", "mixed", "ultra"));
            assertRefused("FORBIDDEN", () -> listener.signaling.request(SignalingClient.message("micOn"), TIMEOUT));

            assertMixerMeters();
        }
    }

    /** The meeting's mixer on {@code /metrics}: Prometheus names, tagged by meeting, accepted by promtool. */
    private void assertMixerMeters() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            MetricsScrape scrape = MetricsScrape.get(http, server.httpPort());
            String meeting = "{meeting=\"" + meetingId + "\"}";
            assertTrue(sample(scrape, "parley_mixer_tick_seconds_count" + meeting) > 100, "ticks timed");
            assertTrue(scrape.samples().containsKey("parley_mixer_tick_seconds_bucket{meeting=\"" + meetingId
                    + "\",le=\"0.001\"}"), "a histogram");
            assertEquals(1, sample(scrape, "parley_mixer_live_booths" + meeting), "Camille's booth is live");
            assertTrue(sample(scrape, "parley_mixer_encodes_total{meeting=\"" + meetingId + "\",tier=\"standard\"}") > 0);
            for (String counter : new String[] {"parley_mixer_tick_overruns_total", "parley_mixer_source_frames_lost_total",
                    "parley_mixer_source_frames_recovered_total", "parley_mixer_source_frames_concealed_total",
                    "parley_mixer_source_packets_late_total"}) {
                assertTrue(sample(scrape, counter + meeting) >= 0, counter);
            }
            MetricsScrape.PromtoolResult lint = scrape.promtoolCheck();
            assertEquals(0, lint.exitCode(), "promtool check metrics:\n" + lint.output());
        }
    }

    private static double sample(MetricsScrape scrape, String series) {
        Double value = scrape.samples().get(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " in\n" + scrape.text());
        }
        return value;
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
