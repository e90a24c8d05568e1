package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.mixer.ogg.OpusTools;

/**
 * A server process killed with SIGKILL while it records: each file, as the kill left it, still plays up
 * to its last page, which the recorder forces to disk every second, so at most about a second is lost.
 * Started again on the same data, the server closes the files (EOS on their last whole page) and lists the
 * recording with what the files hold.
 */
@Timeout(180)
class RecordingCrashTest {

    private static final String ADMIN_KEY = "recording-crash-test-admin-key";
    private static final long RECORD_MILLIS = 4000;

    @TempDir
    Path dir;

    private final ServerProcesses processes = new ServerProcesses();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws InterruptedException {
        processes.close();
        http.close();
    }

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("parley.json"), """
                {"http": {"bindAddress": "127.0.0.1"},
                 "media": {"bindAddress": "127.0.0.1", "udpPort": 0, "tcpPort": null},
                 "sip": {"enabled": false},
                 "store": {"dataDirectory": "%s"},
                 "recording": {"directory": "%s"},
                 "admin": {"apiKey": "%s"}}
                """.formatted(dir.resolve("data"), dir.resolve("recordings"), ADMIN_KEY));
    }

    @Test
    void aRecordingKilledMidMeetingPlaysUpToItsLastFlushedSecond() throws Exception {
        Path config = config();
        ServerProcess first = processes.start(config);
        ApiClient api = new ApiClient(http, first.port(), ADMIN_KEY);
        String meetingId = api.createMeeting("""
                {"title": "Crash", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
                """);
        // Timed from before the request: the recording starts while it is answered, not after the reply is read.
        long startNanos = System.nanoTime();
        ApiClient.Reply started = api.post("/api/meetings/" + meetingId + "/recording", "");
        assertEquals(201, started.status(), started.raw().body());
        String recordingId = started.body().get("recordingId").asText();
        Thread.sleep(RECORD_MILLIS); // what is recorded before the kill
        first.kill();
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;

        Path directory = dir.resolve("recordings").resolve(meetingId).resolve(recordingId);
        for (String language : List.of("floor", "en", "fr")) {
            Path file = directory.resolve(language + ".opus");
            OpusTools.Decoded decoded = OpusTools.decode(file);
            assertEquals(0, decoded.exitCode(), language + ": " + decoded.output());
            long decodedMillis = decoded.samples().length / 48;
            // Each tick writes a whole 20 ms frame at once: the file may lead the clock by up to one frame.
            assertTrue(decodedMillis >= elapsedMillis - 1500 && decodedMillis <= elapsedMillis + 20,
                    language + ": " + decodedMillis + " ms decode of " + elapsedMillis + " ms recorded before the kill");
            // As killed, the stream has no EOS page: opusinfo reads every page and warns of that alone (which
            // makes it exit 1); no CRC error, hole or granule warning.
            OpusTools.Info info = OpusTools.info(file);
            List<String> warnings = info.output().lines().filter(line -> line.contains("WARNING")
                    || line.contains("ERROR")).toList();
            assertEquals(List.of("WARNING: EOS not set on stream 1 (normal for live streams)"), warnings, info.output());
            assertTrue(info.output().contains("Playback length"), info.output());
        }

        ServerProcess second = processes.start(config);
        ApiClient again = new ApiClient(http, second.port(), ADMIN_KEY);
        JsonNode recording = awaitCompleted(again, meetingId);
        assertEquals(recordingId, recording.get("id").asText());
        assertEquals(3, recording.get("files").size(), recording.toString());
        for (JsonNode file : recording.get("files")) {
            Path path = directory.resolve(file.get("language").asText() + ".opus");
            OpusTools.Info info = OpusTools.info(path);
            assertEquals(0, info.exitCode(), info.output());
            assertFalse(info.warned(), "closed at restart: " + info.output());
            long decodedMillis = OpusTools.decode(path).samples().length / 48;
            assertEquals(decodedMillis, file.get("durationMillis").asLong(), 20, file.toString());
            assertEquals(Files.size(path), file.get("bytes").asLong());
        }
    }

    /** The recording as listed once the restarted server has completed it (it does so just after starting). */
    private static JsonNode awaitCompleted(ApiClient api, String meetingId) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode list = null;
        while (System.nanoTime() < deadline) {
            ApiClient.Reply reply = api.get("/api/meetings/" + meetingId + "/recordings");
            assertEquals(200, reply.status(), reply.raw().body());
            list = reply.body();
            if (list.size() == 1 && !list.get(0).get("stoppedAt").isNull()) {
                return list.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the interrupted recording was not completed: " + list);
    }
}
