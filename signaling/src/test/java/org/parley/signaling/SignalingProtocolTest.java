package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.TurnConfig;

class SignalingProtocolTest {

    private static final String JOIN_ADA = "{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Ada\",\"id\":1}";

    private static HttpClient http;
    /** A server per test, so that no participant of an earlier test is still leaving. */
    private ParleyServer server;
    private WsTestClient client;

    @BeforeAll
    static void createClient() {
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void closeClient() {
        http.close();
    }

    @BeforeEach
    void connect() throws Exception {
        server = TestServers.start();
        client = WsTestClient.connect(http, server.httpPort());
    }

    @AfterEach
    void disconnect() {
        client.close();
        server.close();
    }

    private void assertStillUsable(WsTestClient ws) {
        JsonNode pong = ws.request("{\"type\":\"ping\",\"id\":\"still-there\"}");
        assertEquals("pong", pong.get("type").asText());
        assertEquals("still-there", pong.get("id").asText());
    }

    private static void assertError(JsonNode message, String code) {
        assertEquals("error", message.get("type").asText(), message.toString());
        assertEquals(code, message.get("code").asText(), message.toString());
        assertFalse(message.get("message").asText().isEmpty());
    }

    @Test
    void joinDemoReturnsTheMeeting() {
        JsonNode joined = client.request(JOIN_ADA);

        assertEquals("joined", joined.get("type").asText());
        assertEquals(1, joined.get("id").asInt());
        assertEquals("demo", joined.get("meeting").asText());
        assertFalse(joined.get("participantId").asText().isEmpty());
        List<String> languages = List.of("ar", "zh", "en", "fr", "ru", "es");
        assertEquals(languages.size(), joined.get("languages").size());
        for (int i = 0; i < languages.size(); i++) {
            assertEquals(languages.get(i), joined.get("languages").get(i).asText());
        }
        assertTrue(joined.get("participants").isArray() && joined.get("participants").isEmpty());
        assertTrue(joined.get("producers").isArray() && joined.get("producers").isEmpty());
        assertFalse(joined.has("iceServers"), "no TURN configured, no iceServers: " + joined);
    }

    @Test
    void withTurnConfiguredEachJoinGetsFreshCredentialsOfItsOwn() throws Exception {
        List<String> urls = List.of("turn:127.0.0.1:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp");
        String secret = "parley-and-coturn-share-this";
        try (ParleyServer turnServer = TestServers.start(ParleyConfig.defaults()
                .withTurn(Optional.of(new TurnConfig(urls, secret, Duration.ofHours(2)))));
             WsTestClient first = WsTestClient.connect(http, turnServer.httpPort())
                     .ignoring("participantJoined", "participantLeft", "floor", "booths", "roster");
             WsTestClient second = WsTestClient.connect(http, turnServer.httpPort())) {
            long before = Instant.now().getEpochSecond();
            JsonNode ada = first.request(JOIN_ADA);
            JsonNode bob = second.request("{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Bob\",\"id\":1}");
            long after = Instant.now().getEpochSecond();

            for (JsonNode joined : List.of(ada, bob)) {
                JsonNode servers = joined.get("iceServers");
                assertEquals(1, servers.size(), joined.toString());
                JsonNode server = servers.get(0);
                assertEquals(urls.toString(), List.of(server.get("urls").get(0).asText(), server.get("urls").get(1).asText()).toString());
                String[] username = server.get("username").asText().split(":", 2);
                assertEquals(joined.get("participantId").asText(), username[1], "the username names the participant");
                long expiry = Long.parseLong(username[0]);
                assertTrue(expiry >= before + 7200 && expiry <= after + 7200, "expires in 2 h: " + expiry);
                assertEquals(hmacSha1Base64(secret, server.get("username").asText()), server.get("credential").asText());
            }
            assertNotEquals(ada.get("iceServers").get(0).get("credential"), bob.get("iceServers").get(0).get("credential"));

            // Leaving and joining again is a new participant with new credentials.
            first.request("{\"type\":\"leave\",\"id\":2}");
            JsonNode again = first.request("{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Ada\",\"id\":3}");
            assertTrue(again.get("iceServers").get(0).get("username").asText().endsWith(":" + again.get("participantId").asText()));
            assertNotEquals(ada.get("iceServers").get(0).get("username"), again.get("iceServers").get(0).get("username"));
        }
    }

    /** coturn's check, written independently of TurnCredentials. */
    private static String hmacSha1Base64(String secret, String username) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void pingEchoesTheId() {
        JsonNode pong = client.request("{\"type\":\"ping\",\"id\":42}");
        assertEquals("pong", pong.get("type").asText());
        assertEquals(42, pong.get("id").asInt());
    }

    @Test
    void unknownMeeting() {
        JsonNode error = client.request("{\"type\":\"join\",\"meeting\":\"nope\",\"name\":\"Ada\",\"id\":\"j\"}");
        assertError(error, "UNKNOWN_MEETING");
        assertEquals("j", error.get("id").asText());
        assertStillUsable(client);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"type\":\"offer\",\"sdp\":\"v=0\"}|NOT_JOINED",
            "{\"type\":\"subscribe\",\"mid\":\"1\",\"producerId\":\"x/0\"}|NOT_JOINED",
            "{\"type\":\"switch\",\"mid\":\"1\",\"producerId\":\"x/0\"}|NOT_JOINED",
            "{\"type\":\"unsubscribe\",\"mid\":\"1\"}|NOT_JOINED",
            "{\"type\":\"leave\"}|NOT_JOINED",
            "this is not json|BAD_JSON",
            "{\"type\":\"ping\"|BAD_JSON",
            "[1,2,3]|BAD_MESSAGE",
            "\"join\"|BAD_MESSAGE",
            "null|BAD_MESSAGE",
            "{}|BAD_MESSAGE",
            "{\"type\":5}|BAD_MESSAGE",
            "{\"type\":\"ping\",\"id\":{\"a\":1}}|BAD_MESSAGE",
            "{\"type\":\"dance\"}|UNKNOWN_TYPE",
            "{\"type\":\"join\",\"meeting\":\"demo\"}|BAD_MESSAGE",
            "{\"type\":\"join\",\"meeting\":7,\"name\":\"Ada\"}|BAD_MESSAGE",
            "{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"   \"}|BAD_MESSAGE",
    })
    void badInputGetsItsErrorCodeAndTheConnectionStaysUsable(String text, String code) {
        double before = TestServers.counter(server, "parley.signaling.errors", "code", code);

        assertError(client.request(text), code);

        assertEquals(before + 1, TestServers.counter(server, "parley.signaling.errors", "code", code));
        assertStillUsable(client);
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutHarm() {
        int depth = 30_000; // 60 KB, under the size limit, far beyond the parser's nesting limit
        assertError(client.request("[".repeat(depth) + "]".repeat(depth)), "BAD_JSON");
        assertStillUsable(client);
    }

    @Test
    void unknownTypesAreCountedAsUnknown() {
        double before = TestServers.counter(server, "parley.signaling.messages", "type", "unknown");
        client.request("{\"type\":\"dance\"}");
        assertEquals(before + 1, TestServers.counter(server, "parley.signaling.messages", "type", "unknown"));
    }

    @Test
    void badMessageNamesTheField() {
        assertTrue(client.request("{\"type\":\"join\",\"meeting\":\"demo\"}").get("message").asText().contains("\"name\""));
        assertTrue(client.request("{\"type\":\"join\",\"meeting\":1,\"name\":\"x\"}").get("message").asText().contains("\"meeting\""));
        assertTrue(client.request("{\"id\":3}").get("message").asText().contains("\"type\""));
    }

    @Test
    void errorsEchoTheClientId() {
        JsonNode error = client.request("{\"type\":\"dance\",\"id\":\"abc\"}");
        assertError(error, "UNKNOWN_TYPE");
        assertEquals("abc", error.get("id").asText());
    }

    @Test
    void joinedParticipantErrors() {
        client.request(JOIN_ADA);

        assertError(client.request(JOIN_ADA), "ALREADY_JOINED");
        assertError(client.request("{\"type\":\"subscribe\",\"mid\":\"1\",\"producerId\":\"nobody/0\"}"), "UNKNOWN_PRODUCER");
        assertError(client.request("{\"type\":\"unsubscribe\",\"mid\":\"1\"}"), "UNKNOWN_MID");
        // This server was started without a media core.
        assertError(client.request("{\"type\":\"offer\",\"sdp\":\"v=0\"}"), "MEDIA_UNAVAILABLE");
        assertStillUsable(client);
    }

    @Test
    void leaveThenJoinAgain() {
        String participantId = client.request(JOIN_ADA).get("participantId").asText();
        assertEquals("Ada", server.meetings().participant(participantId).name());

        JsonNode left = client.request("{\"type\":\"leave\",\"id\":9}");

        assertEquals("left", left.get("type").asText());
        assertEquals(9, left.get("id").asInt());
        assertEquals(null, server.meetings().participant(participantId));
        assertEquals("joined", client.request(JOIN_ADA).get("type").asText());
    }

    @Test
    void binaryFrameIsABadMessage() {
        double before = TestServers.counter(server, "parley.ws.frames.dropped", "reason", "binary");

        client.sendBinary(new byte[] {1, 2, 3});

        assertError(client.next(), "BAD_MESSAGE");
        assertEquals(before + 1, TestServers.counter(server, "parley.ws.frames.dropped", "reason", "binary"));
        assertStillUsable(client);
    }

    @Test
    void oversizedFrameClosesWith1009AndIsCounted() {
        double before = TestServers.counter(server, "parley.ws.frames.dropped", "reason", "too_large");
        try (WsTestClient other = WsTestClient.connect(http, server.httpPort())) {
            assertEquals("joined", other.request(JOIN_ADA).get("type").asText());

            client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");

            assertError(client.next(), "MESSAGE_TOO_LARGE");
            assertEquals(1009, client.awaitClose());
            assertEquals(before + 1, TestServers.counter(server, "parley.ws.frames.dropped", "reason", "too_large"));
            assertStillUsable(other); // other participants are not affected
        }
    }

    @Test
    void fragmentedMessagesAreReassembledUpToTheLimit() {
        client.sendFragmented("{\"type\":\"pi", "ng\",\"id\":5,\"pad\":\"" + "x".repeat(30_000), "\"}");
        JsonNode pong = client.next();
        assertEquals("pong", pong.get("type").asText());
        assertEquals(5, pong.get("id").asInt());

        double before = TestServers.counter(server, "parley.ws.frames.dropped", "reason", "too_large");
        String half = "x".repeat(40_000);
        client.sendFragmented("{\"type\":\"ping\",\"pad\":\"", half, half, "\"}");

        assertError(client.next(), "MESSAGE_TOO_LARGE");
        assertEquals(1009, client.awaitClose());
        assertEquals(before + 1, TestServers.counter(server, "parley.ws.frames.dropped", "reason", "too_large"));
    }

    @Test
    void participantsHearOfEachOther() {
        JsonNode ada = client.request(JOIN_ADA);
        try (WsTestClient second = WsTestClient.connect(http, server.httpPort())) {
            JsonNode bob = second.request("{\"type\":\"join\",\"meeting\":\"demo\",\"name\":\"Bob\"}");
            assertEquals(1, bob.get("participants").size());
            assertEquals(ada.get("participantId").asText(), bob.get("participants").get(0).get("participantId").asText());
            assertEquals("Ada", bob.get("participants").get(0).get("name").asText());

            JsonNode joinedEvent = client.next();
            assertEquals("participantJoined", joinedEvent.get("type").asText());
            assertEquals(bob.get("participantId").asText(), joinedEvent.get("participantId").asText());
            assertEquals("Bob", joinedEvent.get("name").asText());
            assertEquals(2, server.meetings().participantCount());
        }
        // Bob's connection is gone without a leave message: he is removed all the same.
        JsonNode leftEvent = client.next();
        assertEquals("participantLeft", leftEvent.get("type").asText());
        assertEquals("Bob", leftEvent.get("name").asText());
        assertStillUsable(client);
    }
}
