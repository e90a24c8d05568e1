package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server as a separate process ({@code Main}), killed with SIGKILL in the middle of a meeting
 * and started again on the same data directory: meetings, invitations (the same token still admits),
 * revocations and the participation log are all still there.
 */
class RestartTest {

    private static final String ADMIN_KEY = "restart-test-admin-key";
    private static final Pattern HEALTH_LINE = Pattern.compile("health:\\s+http://127\\.0\\.0\\.1:(\\d+)/health");
    /** Generous: only guards against a hung test. */
    private static final long START_SECONDS = 90;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        http.close();
    }

    /** A running server process and the HTTP port it printed. */
    private record Server(Process process, int port, List<String> output) {
    }

    private Server startServer(Path config) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--config", config.toString(),
                "--http-port", "0")
                .redirectErrorStream(true)
                .start();
        processes.add(process);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process died; the waiting loop below reports it
            }
        }, "parley-process-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                assertTrue(process.isAlive(), () -> "the server exited: " + String.join("\n", output));
                continue;
            }
            output.add(line);
            Matcher health = HEALTH_LINE.matcher(line);
            if (health.find()) {
                return new Server(process, Integer.parseInt(health.group(1)), output);
            }
        }
        throw new AssertionError("the server did not start: " + String.join("\n", output));
    }

    private static void kill(Server server) throws InterruptedException {
        server.process().destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
        assertTrue(server.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, server.process().exitValue(), "128 + SIGKILL");
    }

    @Test
    void meetingsInvitationsRevocationsAndTheLogSurviveSigkill() throws Exception {
        Path config = Files.writeString(dir.resolve("parley.json"), """
                {"http": {"bindAddress": "127.0.0.1"},
                 "media": {"bindAddress": "127.0.0.1", "udpPort": 0},
                 "store": {"dataDirectory": "%s"},
                 "admin": {"apiKey": "%s"}}
                """.formatted(dir.resolve("data").toString().replace("\\", "\\\\"), ADMIN_KEY));

        Server first = startServer(config);
        ApiClient api = new ApiClient(http, first.port(), ADMIN_KEY);
        String meetingId = api.createMeeting("""
                {"title": "Resilient", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
                """);
        JsonNode invitation = api.invite(meetingId, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}");
        String token = invitation.get("token").asText();
        JsonNode revoked = api.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"Gone\"}");
        assertEquals(204, api.delete("/api/meetings/" + meetingId + "/invitations/"
                + revoked.get("invitationId").asText()).status());
        String participantId;
        try (WsTestClient client = WsTestClient.connect(http, first.port())) {
            JsonNode joined = client.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"}");
            assertEquals("joined", joined.get("type").asText(), joined.toString());
            participantId = joined.get("participantId").asText();
            // The join's row is queued before "joined" and written just after on the store's thread; an API
            // request is answered on that thread behind it, so once it answers, the row is on disk.
            assertEquals(1, api.get("/api/meetings/" + meetingId + "/participation").body().size());

            kill(first); // in the middle of the meeting
        }

        Server second = startServer(config);
        api = new ApiClient(http, second.port(), ADMIN_KEY);
        JsonNode meeting = api.get("/api/meetings/" + meetingId).body();
        assertEquals("Resilient", meeting.get("title").asText(), meeting.toString());
        assertEquals("[{\"language\":\"fr\",\"relaySource\":\"floor\"}]", meeting.get("booths").toString());
        JsonNode log = api.get("/api/meetings/" + meetingId + "/participation").body();
        assertEquals(1, log.size(), log.toString());
        assertEquals(participantId, log.get(0).get("participantId").asText());
        assertEquals("interpreter", log.get(0).get("role").asText());
        assertNotNull(log.get(0).get("joinedAt").asText());
        assertTrue(log.get(0).get("leftAt").isNull(), "the server died before the participant left");

        try (WsTestClient client = WsTestClient.connect(http, second.port())) {
            JsonNode rejoined = client.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"}");
            assertEquals("joined", rejoined.get("type").asText(), "the same link works: " + rejoined);
            assertEquals("fr", rejoined.get("booth").asText());
        }
        try (WsTestClient client = WsTestClient.connect(http, second.port())) {
            JsonNode refused = client.request("{\"type\":\"join\",\"id\":2,\"token\":\""
                    + revoked.get("token").asText() + "\"}");
            assertEquals("TOKEN_REVOKED", refused.get("code").asText(), refused.toString());
        }
        JsonNode after = api.get("/api/meetings/" + meetingId + "/participation").body();
        assertEquals(2, after.size(), after.toString());
        assertFalse(after.get(1).get("participantId").asText().equals(participantId), "a new stay, a new participant id");
    }
}
