package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The booth desk over a real WebSocket, on a server without media: who may use it, what it refuses,
 * slow-down and booth chat, and the {@code booths} view of {@code joined} and of the event.
 * Handovers and routing need the mixer: see {@code e2e.BoothDeskEndToEndTest}.
 */
class BoothDeskTest {

    private static final String MEETING = """
            {"title": "Council", "languages": ["en", "fr", "es"], "floorLanguage": "en",
             "booths": [{"language": "fr"}, {"language": "es", "relaySource": "fr"}]}
            """;
    /** Every booth-desk message, well formed. */
    private static final List<String> DESK_MESSAGES = List.of(
            "{\"type\":\"slowDown\",\"id\":1}",
            "{\"type\":\"boothChat\",\"id\":1,\"text\":\"water please\"}",
            "{\"type\":\"requestHandover\",\"id\":1}",
            "{\"type\":\"acceptHandover\",\"id\":1}",
            "{\"type\":\"takeOver\",\"id\":1}",
            "{\"type\":\"setIncoming\",\"id\":1,\"source\":\"floor\"}",
            "{\"type\":\"setOutgoing\",\"id\":1,\"channel\":\"fr\"}");

    private ParleyServer server;
    private HttpClient http;
    private ApiClient api;
    private String meetingId;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start();
        http = HttpClient.newHttpClient();
        api = new ApiClient(http, server.httpPort(), server.adminKey());
        meetingId = api.createMeeting(MEETING);
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    private WsTestClient joined(String invitation) {
        // Chairs and operators also get the roster, which these tests are not about.
        WsTestClient client = WsTestClient.connect(http, server.httpPort()).ignoring("roster");
        String token = api.invite(meetingId, invitation).get("token").asText();
        JsonNode joined = client.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"}");
        assertEquals("joined", joined.get("type").asText(), joined.toString());
        return client;
    }

    private static void assertError(JsonNode message, String code) {
        assertEquals("error", message.get("type").asText(), message.toString());
        assertEquals(code, message.get("code").asText(), message.toString());
        assertEquals(1, message.get("id").asInt(), message.toString());
    }

    /** Nothing queued for {@code client}: a ping's pong is the next message. */
    private static void assertNothingFor(WsTestClient client) {
        JsonNode next = client.request("{\"type\":\"ping\",\"id\":99}");
        assertEquals("pong", next.get("type").asText(), "unexpected " + next);
    }

    @ParameterizedTest
    @ValueSource(strings = {"chair", "operator", "delegate", "observer", "room-system", "captioner"})
    void everyBoothDeskMessageIsForInterpretersOnly(String role) {
        try (WsTestClient client = joined("{\"role\": \"" + role + "\", \"name\": \"Not an interpreter\"}")) {
            for (String message : DESK_MESSAGES) {
                JsonNode reply = client.request(message);
                assertError(reply, "FORBIDDEN");
                assertTrue(reply.get("message").asText().contains(role), reply.toString());
            }
        }
    }

    @Test
    void theDeskNeedsAJoinedParticipant() {
        try (WsTestClient client = WsTestClient.connect(http, server.httpPort())) {
            for (String message : DESK_MESSAGES) {
                assertError(client.request(message), "NOT_JOINED");
            }
        }
    }

    @Test
    void malformedDeskMessagesAreBadMessages() {
        try (WsTestClient interpreter = joined("{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}")) {
            for (String bad : new String[] {
                    "{\"type\":\"boothChat\",\"id\":1}",
                    "{\"type\":\"boothChat\",\"id\":1,\"text\":\"\"}",
                    "{\"type\":\"boothChat\",\"id\":1,\"text\":42}",
                    "{\"type\":\"boothChat\",\"id\":1,\"text\":[\"hi\"]}",
                    "{\"type\":\"boothChat\",\"id\":1,\"text\":\"" + "x".repeat(501) + "\"}",
                    "{\"type\":\"requestHandover\",\"id\":1,\"to\":7}",
                    "{\"type\":\"requestHandover\",\"id\":1,\"to\":\"\"}",
                    "{\"type\":\"setIncoming\",\"id\":1}",
                    "{\"type\":\"setIncoming\",\"id\":1,\"source\":true}",
                    "{\"type\":\"setOutgoing\",\"id\":1}",
                    "{\"type\":\"setOutgoing\",\"id\":1,\"channel\":{\"language\":\"fr\"}}"}) {
                assertError(interpreter.request(bad), "BAD_MESSAGE");
            }
            // 500 characters, counted as characters: an emoji is one although Java needs two chars for it.
            String longest = "😀".repeat(500);
            assertEquals("boothChatSent", interpreter.request("{\"type\":\"boothChat\",\"id\":1,\"text\":\"" + longest
                    + "\"}").get("type").asText());
            assertError(interpreter.request("{\"type\":\"setIncoming\",\"id\":1,\"source\":\"de\"}"), "UNKNOWN_LANGUAGE");
            assertError(interpreter.request("{\"type\":\"setOutgoing\",\"id\":1,\"channel\":\"floor\"}"), "UNKNOWN_LANGUAGE");
            // Well formed, but the mixer needs a media core.
            assertError(interpreter.request("{\"type\":\"setIncoming\",\"id\":1,\"source\":\"es\"}"), "MEDIA_UNAVAILABLE");
            assertError(interpreter.request("{\"type\":\"takeOver\",\"id\":1}"), "MEDIA_UNAVAILABLE");
        }
    }

    @Test
    void slowDownReachesChairsOperatorsAndNobodyElse() {
        try (WsTestClient chair = joined("{\"role\": \"chair\", \"name\": \"Chair\"}");
             WsTestClient operator = joined("{\"role\": \"operator\", \"name\": \"Op\"}");
             WsTestClient delegate = joined("{\"role\": \"delegate\", \"name\": \"Del\"}");
             WsTestClient partner = joined("{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Dominique\"}");
             WsTestClient interpreter = joined("{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}")) {
            awaitInterpreter("Camille", chair, operator, delegate, partner);

            JsonNode sent = interpreter.request("{\"type\":\"slowDown\",\"id\":1}");

            assertEquals("slowDownSent", sent.get("type").asText(), sent.toString());
            assertEquals(1, sent.get("id").asInt());
            for (WsTestClient told : new WsTestClient[] {chair, operator}) {
                JsonNode event = told.next();
                assertEquals("slowDown", event.get("type").asText(), event.toString());
                assertEquals("Camille", event.get("name").asText());
                assertEquals("fr", event.get("booth").asText());
                assertFalse(event.get("participantId").asText().isEmpty());
                assertFalse(event.has("id"), "an event has no id");
            }
            assertNothingFor(delegate); // publishes nothing: not a floor voice
            assertNothingFor(partner);
        }
    }

    @Test
    void boothChatReachesTheBoothPartnersOnly() {
        try (WsTestClient other = joined("{\"role\": \"interpreter\", \"booth\": \"es\", \"name\": \"Sol\"}");
             WsTestClient chair = joined("{\"role\": \"chair\", \"name\": \"Chair\"}");
             WsTestClient partner = joined("{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Dominique\"}");
             WsTestClient interpreter = joined("{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}")) {
            awaitInterpreter("Camille", other, chair, partner);

            JsonNode sent = interpreter.request("{\"type\":\"boothChat\",\"id\":1,\"text\":\"your turn at 10:30?\"}");

            assertEquals("boothChatSent", sent.get("type").asText(), sent.toString());
            JsonNode chat = partner.next();
            assertEquals("boothChat", chat.get("type").asText(), chat.toString());
            assertEquals("your turn at 10:30?", chat.get("text").asText());
            assertEquals("Camille", chat.get("name").asText());
            assertEquals("fr", chat.get("booth").asText());
            assertNothingFor(other);
            assertNothingFor(chair);
            assertNothingFor(interpreter);
        }
    }

    @Test
    void joinedCarriesTheConfiguredBoothsAndInterpretersArrivingAndLeavingAreAnnounced() {
        try (WsTestClient delegate = WsTestClient.connect(http, server.httpPort())) {
            String token = api.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"Del\"}").get("token").asText();
            JsonNode joined = delegate.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"}");
            JsonNode booths = joined.get("booths");
            assertEquals(2, booths.size(), joined.toString());
            assertBooth(booths.get(0), "fr", "floor");
            assertBooth(booths.get(1), "es", "fr"); // the configured relay

            try (WsTestClient interpreter = joined("{\"role\": \"interpreter\", \"booth\": \"es\", \"name\": \"Sol\"}")) {
                assertEquals("participantJoined", delegate.next().get("type").asText());
                JsonNode event = delegate.next();
                assertEquals("booths", event.get("type").asText(), event.toString());
                JsonNode es = event.get("booths").get(1);
                assertEquals(1, es.get("interpreters").size(), es.toString());
                JsonNode sol = es.get("interpreters").get(0);
                assertEquals("Sol", sol.get("name").asText());
                assertFalse(sol.get("live").asBoolean());
                assertFalse(sol.get("coughing").asBoolean());
                assertTrue(es.get("live").isNull(), "nobody publishes, so nobody is live");
            }
            assertEquals("participantLeft", delegate.next().get("type").asText());
            JsonNode event = delegate.next();
            assertEquals("booths", event.get("type").asText(), event.toString());
            assertEquals(0, event.get("booths").get(1).get("interpreters").size(), event.toString());
            assertNothingFor(delegate); // a delegate coming or going changes no booth
        }
    }

    @Test
    void aBoothWhoseLanguageIsRemovedLeavesTheViewAndItsInterpreterOnlyListens() {
        try (WsTestClient delegate = joined("{\"role\": \"delegate\", \"name\": \"Del\"}");
             WsTestClient interpreter = joined("{\"role\": \"interpreter\", \"booth\": \"es\", \"name\": \"Sol\"}")) {
            awaitInterpreter("Sol", delegate);

            ApiClient.Reply replaced = api.put("/api/meetings/" + meetingId, """
                    {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
                    """);

            assertEquals(200, replaced.status(), replaced.body().toString());
            JsonNode view = delegate.next();
            assertEquals("booths", view.get("type").asText(), view.toString());
            assertEquals(1, view.get("booths").size(), "only the French booth is left: " + view);
            assertBooth(view.get("booths").get(0), "fr", "floor");
            // Sol's own session and the delegate's each follow the change: the two events in either order.
            JsonNode first = interpreter.next();
            JsonNode second = interpreter.next();
            JsonNode removed = "boothRemoved".equals(first.get("type").asText()) ? first : second;
            assertEquals("boothRemoved", removed.get("type").asText(), first + " " + second);
            assertEquals("es", removed.get("booth").asText());
            assertEquals(view.get("booths"), (removed == first ? second : first).get("booths"));
            for (String message : DESK_MESSAGES) {
                assertError(interpreter.request(message), "FORBIDDEN");
            }
            assertError(interpreter.request("{\"type\":\"micOn\",\"id\":1}"), "FORBIDDEN");
            assertNothingFor(delegate);
        }
    }

    private static void assertBooth(JsonNode booth, String language, String incoming) {
        assertEquals(language, booth.get("language").asText(), booth.toString());
        assertEquals(incoming, booth.get("incoming").asText(), booth.toString());
        assertEquals(language, booth.get("outgoing").asText(), booth.toString());
        assertTrue(booth.get("live").isNull(), booth.toString());
        assertEquals(0, booth.get("interpreters").size(), booth.toString());
        assertTrue(booth.get("pendingHandover").isNull(), booth.toString());
        assertEquals(0, booth.get("listeners").asInt(), booth.toString());
    }

    /**
     * Reads each client's messages up to the {@code booths} event that lists the interpreter {@code name}:
     * the last thing its arrival causes.
     */
    private static void awaitInterpreter(String name, WsTestClient... clients) {
        for (WsTestClient client : clients) {
            for (JsonNode next = client.next(); !listsInterpreter(next, name); next = client.next()) {
                assertTrue(List.of("participantJoined", "booths").contains(next.get("type").asText()), next.toString());
            }
        }
    }

    private static boolean listsInterpreter(JsonNode message, String name) {
        if (!"booths".equals(message.get("type").asText())) {
            return false;
        }
        for (JsonNode booth : message.get("booths")) {
            for (JsonNode interpreter : booth.get("interpreters")) {
                if (name.equals(interpreter.get("name").asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
