package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server as a separate process ({@code Main}), killed with SIGKILL in the middle of a meeting
 * and started again on the same data directory: meetings, invitations (the same token still admits),
 * revocations and the participation log are all still there, and the statistics end the stay that the
 * kill cut short at its last heartbeat.
 */
class RestartTest {

    private static final String ADMIN_KEY = "restart-test-admin-key";

    @TempDir
    Path dir;

    private final ServerProcesses processes = new ServerProcesses();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws InterruptedException {
        processes.close();
        http.close();
    }

    /** Loopback only, free ports (no SIP, no ICE-TCP), the data in {@code dir/data}, a heartbeat this often. */
    private Path config(int heartbeatSeconds) throws IOException {
        return Files.writeString(dir.resolve("parley.json"), """
                {"http": {"bindAddress": "127.0.0.1"},
                 "media": {"bindAddress": "127.0.0.1", "udpPort": 0, "tcpPort": null},
                 "sip": {"enabled": false},
                 "store": {"dataDirectory": "%s", "heartbeatSeconds": %d},
                 "admin": {"apiKey": "%s"}}
                """.formatted(dir.resolve("data").toString().replace("\\", "\\\\"), heartbeatSeconds, ADMIN_KEY));
    }

    @Test
    void meetingsInvitationsRevocationsAndTheLogSurviveSigkill() throws Exception {
        Path config = config(30);

        ServerProcess first = processes.start(config);
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

            first.kill(); // in the middle of the meeting
        }

        ServerProcess second = processes.start(config);
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

    /**
     * A listener is in, on the French channel, when the server is killed; heartbeats every second have
     * recorded it meanwhile. At the next start its stay ends at the last heartbeat, reason "crash", with
     * the channel time up to then.
     */
    @Test
    void statisticsEndAStayCutShortBySigkillAtItsLastHeartbeat() throws Exception {
        Path config = config(1);
        ServerProcess first = processes.start(config);
        ApiClient api = new ApiClient(http, first.port(), ADMIN_KEY);
        String meetingId = api.createMeeting("""
                {"title": "Cut short", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
                """);
        String token = api.invite(meetingId, "{\"role\": \"observer\", \"name\": \"Listener\", \"country\": \"KE\"}")
                .get("token").asText();
        Instant killedAt;
        try (WsTestClient client = WsTestClient.connect(http, first.port()).ignoring("booths", "floor")) {
            assertEquals("joined", client.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"}")
                    .get("type").asText());
            JsonNode answer = client.request("{\"type\":\"offer\",\"id\":2,\"sdp\":"
                    + ApiClient.JSON.writeValueAsString(ChromeOffers.oneSubscribe()) + "}");
            assertEquals("answer", answer.get("type").asText(), answer.toString());
            JsonNode subscribed = client.request("{\"type\":\"subscribeChannel\",\"id\":3,\"mid\":\"0\",\"language\":\"fr\","
                    + "\"variant\":\"mixed\",\"tier\":\"standard\"}");
            assertEquals("subscribed", subscribed.get("type").asText(), subscribed.toString());
            // Written on the store's thread behind the join's row: once the log answers, the join is on disk. (Not
            // the statistics API: reading it writes a heartbeat, and this test is about the periodic ones.)
            assertEquals(1, api.get("/api/meetings/" + meetingId + "/participation").body().size());
            Thread.sleep(4_000);
            killedAt = Instant.now();
            first.kill();
        }

        ServerProcess second = processes.start(config);
        assertTrue(second.output().contains("closed the participations it left open (1)"), second.output());
        api = new ApiClient(http, second.port(), ADMIN_KEY);
        JsonNode statistics = api.get("/api/statistics/meetings/" + meetingId).body();
        JsonNode stay = statistics.get("participations").get(0);
        assertEquals("crash", stay.get("leaveReason").asText(), statistics.toString());
        assertEquals("KE", stay.get("country").asText());
        Instant joinedAt = Instant.parse(stay.get("joinedAt").asText());
        Instant leftAt = Instant.parse(stay.get("leftAt").asText());
        // Four seconds in at heartbeats every second: the last one at least two seconds after the join.
        assertTrue(!leftAt.isBefore(joinedAt.plusSeconds(2)) && !leftAt.isAfter(killedAt),
                "left at the last heartbeat, " + leftAt + ", between " + joinedAt.plusSeconds(2) + " and " + killedAt);
        long french = stay.get("millisByLanguage").get("fr").asLong();
        assertTrue(french >= 1_000 && french <= Duration.between(joinedAt, leftAt).toMillis(),
                "the French channel up to the last heartbeat: " + french + " ms");
        assertEquals(0, statistics.get("totals").get("present").asInt());
    }
}
