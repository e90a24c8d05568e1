package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.mixer.ogg.OpusTools;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.config.RecordingConfig;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;
import org.parley.signaling.peer.ToneAnalyzer;

/**
 * Recording per language with real libwebrtc peers: a floor speaker at 440 Hz and a French interpreter
 * at 1 kHz publish; the chair starts the recording over the protocol and stops it a few seconds later.
 * Everyone is told (the {@code recording} event, and {@code joined.recording} for a newcomer); a delegate
 * may not start it. Through the API the recording is listed (floor, en, fr) and downloaded; the files pass
 * {@code opusinfo} without a warning, and {@code opusdec} plays the interpreter's tone in French and the
 * floor's in the floor's file, for as long as the recording ran.
 */
@Timeout(120)
class RecordingEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final double FLOOR_HZ = 440;
    private static final double INTERPRETER_HZ = 1000;
    private static final long RECORD_MILLIS = 4000;

    @TempDir
    Path recordings;
    private ParleyServer server;
    private AdminApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private SignalingClient joined(String meetingId, String invitation, Map<String, JsonNode> welcome) throws Exception {
        String token = api.invite(meetingId, invitation).get("token").asText();
        SignalingClient signaling = SignalingClient.connect(MediaTestServer.webSocket(server));
        welcome.put(invitation, signaling.request(SignalingClient.message("join").put("token", token), TIMEOUT));
        return signaling;
    }

    @Test
    void theChairRecordsEachLanguageAndEveryoneIsTold() throws Exception {
        server = MediaTestServer.start(config -> config.withRecording(new RecordingConfig(recordings, 0, "standard")));
        api = new AdminApi(server);
        String meetingId = api.createMeeting("""
                {"title": "Council", "languages": ["fr", "en"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                 "floorControl": "open", "webcast": true}
                """);
        Map<String, JsonNode> welcomes = new HashMap<>();
        String chairInvitation = "{\"role\": \"chair\", \"name\": \"Chair\"}";
        try (TonePeer floor = TonePeer.publishing(api.join(meetingId, "{\"role\": \"delegate\", \"name\": \"Floor\"}"), FLOOR_HZ);
             TonePeer interpreter = TonePeer.publishing(api.join(meetingId,
                     "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}"), INTERPRETER_HZ);
             SignalingClient chair = joined(meetingId, chairInvitation, welcomes);
             SignalingClient delegate = joined(meetingId, "{\"role\": \"delegate\", \"name\": \"Delegate\"}", welcomes)) {
            assertFalse(welcomes.get(chairInvitation).get("recording").get("active").asBoolean());
            JsonNode mic = interpreter.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            assertEquals("granted", mic.get("status").asText(), mic.toString());

            SignalingException refused = assertThrows(SignalingException.class,
                    () -> delegate.request(SignalingClient.message("startRecording"), TIMEOUT));
            assertEquals("FORBIDDEN", refused.code(), refused.getMessage());

            // The webcast follows the meetings once a second: once it has this one, a recording archives it too.
            long webcastDeadline = System.nanoTime() + TIMEOUT.toNanos();
            while (server.webcasts().listeners(meetingId) == null && System.nanoTime() < webcastDeadline) {
                Thread.sleep(50);
            }
            long startNanos = System.nanoTime();
            JsonNode started = chair.request(SignalingClient.message("startRecording"), TIMEOUT);
            assertTrue(started.get("active").asBoolean(), started.toString());
            String recordingId = started.get("recordingId").asText();
            JsonNode told = delegate.awaitEvent("recording", TIMEOUT);
            assertTrue(told.get("active").asBoolean(), told.toString());
            assertEquals(recordingId, told.get("recordingId").asText());
            SignalingException twice = assertThrows(SignalingException.class,
                    () -> chair.request(SignalingClient.message("startRecording"), TIMEOUT));
            assertEquals("RECORDING_STATE", twice.code(), twice.getMessage());

            String lateInvitation = "{\"role\": \"delegate\", \"name\": \"Late\"}";
            try (SignalingClient late = joined(meetingId, lateInvitation, welcomes)) {
                assertEquals(recordingId, welcomes.get(lateInvitation).get("recording").get("recordingId").asText());
            }
            assertTrue(api.get("/api/meetings/" + meetingId + "/recording").get("active").asBoolean());
            // What the organiser page and the operator dashboard show.
            assertEquals(recordingId, api.get("/api/meetings/" + meetingId).get("recording").get("recordingId").asText());
            try (HttpClient http = HttpClient.newHttpClient()) {
                assertEquals(1, MetricsScrape.get(http, server.httpPort()).value("parley_recordings_active", Map.of()));
            }

            Thread.sleep(RECORD_MILLIS); // what is recorded, not a wait for a condition
            JsonNode stopped = chair.request(SignalingClient.message("stopRecording"), TIMEOUT);
            long recordedMillis = (System.nanoTime() - startNanos) / 1_000_000;
            assertFalse(stopped.get("active").asBoolean(), stopped.toString());
            assertFalse(delegate.awaitEvent("recording", event -> !event.get("active").asBoolean(), TIMEOUT)
                    .get("active").asBoolean());

            // The webcast's archive beside the Ogg files: every channel's EVENT playlist ended (VOD) at the stop.
            Path hls = recordings.resolve(meetingId).resolve(recordingId).resolve("hls");
            for (String channel : List.of("floor", "fr", "en")) {
                Path playlist = hls.resolve(channel).resolve("playlist.m3u8");
                long archiveDeadline = System.nanoTime() + TIMEOUT.toNanos();
                while (!(Files.exists(playlist) && Files.readString(playlist).endsWith("#EXT-X-ENDLIST\n"))
                        && System.nanoTime() < archiveDeadline) {
                    Thread.sleep(50);
                }
                String text = Files.readString(playlist);
                assertTrue(text.contains("#EXT-X-PLAYLIST-TYPE:EVENT") && text.endsWith("#EXT-X-ENDLIST\n")
                        && text.contains(".m4s"), channel + ": " + text);
            }
            assertTrue(Files.readString(hls.resolve("index.m3u8")).contains("LANGUAGE=\"fr\""));

            JsonNode list = api.get("/api/meetings/" + meetingId + "/recordings");
            assertEquals(1, list.size(), list.toString());
            JsonNode recording = list.get(0);
            assertEquals(recordingId, recording.get("id").asText());
            assertFalse(recording.get("stoppedAt").isNull());
            assertEquals("chair \"Chair\"", recording.get("startedBy").asText());
            Map<String, JsonNode> files = new HashMap<>();
            recording.get("files").forEach(file -> files.put(file.get("language").asText(), file));
            assertEquals(java.util.Set.of("floor", "fr", "en"), files.keySet(), recording.toString());

            try (HttpClient http = HttpClient.newHttpClient()) {
                for (String language : files.keySet()) {
                    JsonNode file = files.get(language);
                    long duration = file.get("durationMillis").asLong();
                    // The first frame comes within a tick of the start, the last before the stop's reply.
                    // Each tick writes a whole 20 ms frame at once: a file may lead the clock by up to one frame.
                    assertTrue(duration <= recordedMillis + 20 && duration >= recordedMillis - 1000,
                            language + ": " + duration + " ms recorded in " + recordedMillis + " ms");
                    HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + server.httpPort() + file.get("url").asText()))
                            .header("Authorization", "Bearer " + server.adminKey()).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    assertEquals(200, download.statusCode());
                    assertEquals("audio/ogg", download.headers().firstValue("Content-Type").orElse(""));
                    assertEquals(file.get("bytes").asLong(), download.body().length);
                    Path saved = recordings.resolve("downloaded-" + language + ".opus");
                    Files.write(saved, download.body());

                    OpusTools.Info info = OpusTools.info(saved);
                    assertEquals(0, info.exitCode(), info.output());
                    assertFalse(info.warned(), info.output());
                    OpusTools.Decoded decoded = OpusTools.decode(saved);
                    assertEquals(0, decoded.exitCode(), decoded.output());
                    assertEquals(duration * 48, decoded.samples().length, 960, language + ": duration within one frame");
                    double expected = language.equals("fr") ? INTERPRETER_HZ : FLOOR_HZ;
                    short[] last = Arrays.copyOfRange(decoded.samples(), decoded.samples().length - 96_000,
                            decoded.samples().length - 48_000);
                    assertEquals(expected, ToneAnalyzer.dominantFrequency(last, 48_000), 5, language + " carries its tone");
                }
                // A range of the French file, as a player seeking in it asks.
                HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + server.httpPort() + files.get("fr").get("url").asText()))
                        .header("Authorization", "Bearer " + server.adminKey()).header("Range", "bytes=10-99").build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(206, part.statusCode());
                assertArrayEquals(Arrays.copyOfRange(Files.readAllBytes(recordings.resolve("downloaded-fr.opus")), 10, 100),
                        part.body());
                HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.httpPort() + files.get("fr").get("url").asText())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(401, anonymous.statusCode(), "the API's authentication guards the files");

                // The meters: every byte of the three files counted once, nothing dropped, nothing running.
                long fileBytes = files.values().stream().mapToLong(file -> file.get("bytes").asLong()).sum();
                // The writer counts a file's last bytes as it closes it: a moment after the stop's answer at most.
                MetricsScrape scrape = MetricsScrape.await(http, server.httpPort(), TIMEOUT,
                        now -> now.value("parley_recording_written_bytes_total", Map.of()) == fileBytes);
                assertEquals(0, scrape.value("parley_recordings_active", Map.of()));
                assertEquals(0, scrape.value("parley_recording_dropped_frames_total", Map.of()),
                        "a 5 s ring per file against a writer that drains it every 20 ms");
                MetricsScrape.PromtoolResult check = scrape.promtoolCheck();
                assertEquals(0, check.exitCode(), "promtool check metrics: " + check.output());
            }
            assertTrue(api.get("/api/meetings/" + meetingId).get("recording").isNull());
        }
    }
}
