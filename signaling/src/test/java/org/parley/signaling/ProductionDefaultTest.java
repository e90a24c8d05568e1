package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.config.ConfigLoader;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.StoreConfig;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;

/**
 * The open {@code demo} meeting is for the run without a configuration file (README's
 * {@code bin/parley run}); a server started with {@code --config} has only the meetings its file
 * lists, so nobody can walk into an anonymous meeting of a deployment that named none.
 */
@Timeout(30)
class ProductionDefaultTest {

    private static final String[] LOOPBACK = {"--bind-address", "127.0.0.1", "--http-port", "0", "--udp-port", "0",
            "--sip-port", "0"};

    @TempDir
    Path dir;

    private ParleyServer start(String... extraArgs) throws Exception {
        String[] args = new String[LOOPBACK.length + extraArgs.length];
        System.arraycopy(LOOPBACK, 0, args, 0, LOOPBACK.length);
        System.arraycopy(extraArgs, 0, args, LOOPBACK.length, extraArgs.length);
        ParleyConfig config = ConfigLoader.load(args, Map.of());
        return ParleyServer.start(config.withStore(new StoreConfig(TestServers.freshDataDirectory())),
                MediaServerFactory.disabled());
    }

    @Test
    void aConfigFileWithoutMeetingsStartsWithNone() throws Exception {
        Path file = Files.writeString(dir.resolve("parley.json"), "{\"signaling\": {\"messagesPerSecond\": 20}}");
        try (ParleyServer server = start("--config", file.toString());
             SignalingClient client = SignalingClient.connect(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"))) {
            assertEquals(0, server.meetings().meetingCount());
            SignalingException refused = assertThrows(SignalingException.class,
                    () -> client.join("demo", "Mallory"));
            assertEquals("UNKNOWN_MEETING", refused.code(), refused.getMessage());
        }
    }

    @Test
    void theDefaultRunStillHasTheOpenDemo() throws Exception {
        try (ParleyServer server = start();
             SignalingClient client = SignalingClient.connect(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"))) {
            Meeting demo = server.meetings().meeting("demo");
            assertNotNull(demo);
            assertEquals(List.of("demo"), server.meetings().meetings().stream().map(Meeting::id).toList());
            JsonNode joined = client.join("demo", "Ada");
            assertEquals("joined", joined.get("type").asText());
        }
    }
}
