package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.signaling.WsTestClient.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.signaling.config.AuthConfig;
import org.parley.signaling.config.ParleyConfig;

/**
 * The floor over a real WebSocket, without media: who may send {@code raiseHand}, {@code grantFloor},
 * {@code revokeFloor}, {@code setFloorLanguage} and {@code caption}, what each does, the {@code floor}
 * and {@code caption} events, the roster chairs and operators receive, and refusals of bad input.
 */
class FloorControlTest {

    private static final byte[] TOKEN_KEY = "a test key of thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);
    private static final String MEETING = """
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
            """;
    private static final List<String> ROLES = List.of("chair", "operator", "interpreter", "delegate", "observer",
            "room-system", "captioner");

    private ParleyServer server;
    private HttpClient http;
    private ApiClient api;
    private String meetingId;
    private final List<WsTestClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ParleyConfig.defaults()
                .withAuth(new AuthConfig(Optional.of(Base64.getEncoder().encodeToString(TOKEN_KEY)))));
        http = HttpClient.newHttpClient();
        api = new ApiClient(http, server.httpPort(), server.adminKey());
        meetingId = api.createMeeting(MEETING);
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        http.close();
        server.close();
    }

    /** A client joined to the meeting as {@code role}, its {@code joined} reply taken; chairs and operators ignore rosters. */
    private WsTestClient joinAs(String role, String name) {
        String booth = role.equals("interpreter") ? ", \"booth\": \"fr\"" : "";
        String token = api.invite(meetingId, "{\"role\": \"" + role + "\", \"name\": \"" + name + "\"" + booth + "}")
                .get("token").asText();
        WsTestClient client = WsTestClient.connect(http, server.httpPort());
        clients.add(client);
        if (role.equals("chair") || role.equals("operator")) {
            client.ignoring("roster");
        }
        JsonNode joined = client.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"}");
        assertEquals("joined", joined.get("type").asText(), joined.toString());
        return client;
    }

    /** The message a client gets next, which must be of {@code type}. */
    private static JsonNode expect(WsTestClient client, String type) {
        JsonNode message = client.next();
        assertEquals(type, message.get("type").asText(), message.toString());
        return message;
    }

    private static List<String> names(JsonNode entries) {
        List<String> names = new ArrayList<>();
        entries.forEach(entry -> names.add(entry.get("name").asText()));
        return names;
    }

    @Test
    void joinedTellsTheFloorAndEveryonesRole() {
        WsTestClient chair = joinAs("chair", "Chair");
        String token = api.invite(meetingId, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}")
                .get("token").asText();
        WsTestClient interpreter = WsTestClient.connect(http, server.httpPort());
        clients.add(interpreter);

        JsonNode joined = interpreter.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"}");

        JsonNode floor = joined.get("floor");
        assertEquals("chaired", floor.get("control").asText(), joined.toString());
        assertEquals("en", floor.get("language").asText());
        assertEquals(0, floor.get("speakers").size(), "the chair publishes nothing yet");
        assertEquals(0, floor.get("hands").size());
        assertEquals("chair", joined.get("participants").get(0).get("role").asText());
        assertFalse(joined.get("participants").get(0).has("booth"));
        JsonNode arrival = expect(chair, "participantJoined");
        assertEquals("interpreter", arrival.get("role").asText());
        assertEquals("fr", arrival.get("booth").asText());
    }

    @Test
    void theConfiguredDemoMeetingHasAnOpenFloor() {
        WsTestClient anonymous = WsTestClient.connect(http, server.httpPort());
        clients.add(anonymous);
        JsonNode joined = anonymous.request("{\"type\":\"join\",\"id\":1,\"meeting\":\"demo\",\"name\":\"Ada\"}");
        assertEquals("open", joined.get("floor").get("control").asText(), joined.toString());
        assertEquals("delegate", joined.get("role").asText());
        assertTrue(server.meetings().meeting("demo").floor().heard(server.meetings().meeting("demo").participants().getFirst()),
                "a delegate is heard in the demo without asking");
    }

    /** Each role tries each floor request: those it may not send are refused with FORBIDDEN, and change nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"chair", "operator", "interpreter", "delegate", "observer", "room-system", "captioner"})
    void everyFloorRequestIsRefusedToTheRolesThatMayNotSendIt(String role) {
        WsTestClient delegate = joinAs("delegate", "Del");
        String delegateId = participantId("Del");
        WsTestClient client = joinAs(role, "Tester");
        if (!role.equals("observer")) {
            expect(delegate, "participantJoined"); // nobody hears of an observer
        }
        boolean chairs = role.equals("chair") || role.equals("operator");
        Set<String> handRaisers = Set.of("chair", "operator", "delegate", "room-system");
        Set<String> captioners = Set.of("captioner", "chair", "operator");

        assertOutcome(client, "{\"type\":\"raiseHand\",\"id\":1,\"raised\":true}", handRaisers.contains(role), "hand");
        assertOutcome(client, "{\"type\":\"grantFloor\",\"id\":1,\"participantId\":\"" + delegateId + "\"}", chairs,
                "floorGranted");
        assertOutcome(client, "{\"type\":\"revokeFloor\",\"id\":1,\"participantId\":\"" + delegateId + "\"}", chairs,
                "floorRevoked");
        assertOutcome(client, "{\"type\":\"setFloorLanguage\",\"id\":1,\"language\":\"fr\"}", chairs, "floorLanguage");
        assertOutcome(client, "{\"type\":\"caption\",\"id\":1,\"text\":\"Good morning\"}", captioners.contains(role),
                "captionSent");
        if (!chairs) {
            assertEquals("en", server.meetings().meeting(meetingId).floor().language(), "a refused request changes nothing");
            assertTrue(server.meetings().meeting(meetingId).floor().granted().isEmpty());
        }
        assertTrue(ROLES.contains(role));
    }

    /**
     * Sends {@code request} and returns its reply, passing over the events the request caused: the
     * meeting tells everyone, the sender included, before the sender's reply goes out.
     */
    private static JsonNode replyTo(WsTestClient client, String request) {
        JsonNode reply = client.request(request);
        while (!reply.has("id")) {
            reply = client.next();
        }
        return reply;
    }

    private static void assertOutcome(WsTestClient client, String request, boolean allowed, String replyType) {
        JsonNode reply = replyTo(client, request);
        if (allowed) {
            assertEquals(replyType, reply.get("type").asText(), request + " -> " + reply);
        } else {
            assertError(reply, "FORBIDDEN");
        }
    }

    private String participantId(String name) {
        return server.meetings().meeting(meetingId).participants().stream()
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow().id();
    }

    @Test
    void aRaisedHandIsGrantedTheFloorAndRevoked() {
        WsTestClient chair = joinAs("chair", "Chair");
        WsTestClient delegate = joinAs("delegate", "Del");
        WsTestClient other = joinAs("delegate", "Other");
        expect(chair, "participantJoined");
        expect(chair, "participantJoined");
        expect(delegate, "participantJoined");
        String delegateId = participantId("Del");

        delegate.send("{\"type\":\"raiseHand\",\"id\":2,\"raised\":true}");
        for (WsTestClient everyone : List.of(chair, other, delegate)) {
            JsonNode floor = expect(everyone, "floor");
            assertEquals(List.of("Del"), names(floor.get("hands")), floor.toString());
            assertEquals(List.of(), names(floor.get("speakers")));
            assertFalse(floor.has("id"));
        }
        JsonNode hand = expect(delegate, "hand");
        assertTrue(hand.get("raised").asBoolean());
        assertEquals(2, hand.get("id").asInt());

        chair.send("{\"type\":\"grantFloor\",\"id\":3,\"participantId\":\"" + delegateId + "\"}");
        for (WsTestClient everyone : List.of(chair, other, delegate)) {
            JsonNode floor = expect(everyone, "floor");
            assertEquals(List.of("Del"), names(floor.get("speakers")), floor.toString());
            assertEquals(List.of(), names(floor.get("hands")), "granting lowers the hand");
        }
        JsonNode granted = expect(chair, "floorGranted");
        assertEquals(delegateId, granted.get("participantId").asText());
        assertEquals(3, granted.get("id").asInt());

        chair.send("{\"type\":\"revokeFloor\",\"id\":4,\"participantId\":\"" + delegateId + "\"}");
        for (WsTestClient everyone : List.of(chair, other, delegate)) {
            assertEquals(List.of(), names(expect(everyone, "floor").get("speakers")));
        }
        assertEquals(delegateId, expect(chair, "floorRevoked").get("participantId").asText());

        chair.send("{\"type\":\"setFloorLanguage\",\"id\":5,\"language\":\"fr\"}");
        for (WsTestClient everyone : List.of(chair, other, delegate)) {
            assertEquals("fr", expect(everyone, "floor").get("language").asText());
        }
        assertEquals("fr", expect(chair, "floorLanguage").get("language").asText());

        replyTo(delegate, "{\"type\":\"raiseHand\",\"id\":6,\"raised\":true}");
        replyTo(other, "{\"type\":\"raiseHand\",\"id\":7,\"raised\":true}");
        expect(chair, "floor");
        assertEquals(List.of("Del", "Other"), names(expect(chair, "floor").get("hands")), "in the order raised");
        JsonNode lowered = replyTo(delegate, "{\"type\":\"raiseHand\",\"id\":8,\"raised\":false}");
        assertEquals("hand", lowered.get("type").asText());
        assertFalse(lowered.get("raised").asBoolean());
        assertEquals(List.of("Other"), names(expect(chair, "floor").get("hands")));

        other.close();
        expect(chair, "participantLeft");
        assertEquals(List.of(), names(expect(chair, "floor").get("hands")), "a leaving participant's hand goes with it");
    }

    @Test
    void captionsReachEveryoneInTheFloorLanguageByDefault() {
        WsTestClient captioner = joinAs("captioner", "Cap");
        WsTestClient delegate = joinAs("delegate", "Del");
        expect(captioner, "participantJoined");

        captioner.send("{\"type\":\"caption\",\"id\":1,\"text\":\"Order, order.\"}");
        for (WsTestClient everyone : List.of(captioner, delegate)) {
            JsonNode caption = expect(everyone, "caption");
            assertEquals("Order, order.", caption.get("text").asText());
            assertEquals("en", caption.get("language").asText());
            assertTrue(caption.get("floor").asBoolean(), "the floor language's caption is the floor's");
            assertTrue(caption.get("final").asBoolean());
            assertEquals("Cap", caption.get("name").asText());
            assertEquals(participantId("Cap"), caption.get("participantId").asText());
        }
        assertEquals(1, expect(captioner, "captionSent").get("id").asInt());

        replyTo(captioner, "{\"type\":\"caption\",\"id\":2,\"text\":\"Mesdames\",\"language\":\"fr\",\"final\":false}");
        JsonNode partial = expect(delegate, "caption");
        assertEquals("fr", partial.get("language").asText());
        assertFalse(partial.get("floor").asBoolean(), "French is not the floor language");
        assertFalse(partial.get("final").asBoolean());
    }

    @Test
    void badFloorRequestsAreRefusedAndNobodyElseNotices() {
        WsTestClient chair = joinAs("chair", "Chair");
        WsTestClient captioner = joinAs("captioner", "Cap");
        WsTestClient delegate = joinAs("delegate", "Del");
        expect(chair, "participantJoined");
        expect(chair, "participantJoined");
        expect(captioner, "participantJoined");

        assertError(delegate.request("{\"type\":\"raiseHand\",\"id\":1}"), "BAD_MESSAGE");
        assertError(delegate.request("{\"type\":\"raiseHand\",\"id\":1,\"raised\":\"yes\"}"), "BAD_MESSAGE");
        assertError(chair.request("{\"type\":\"grantFloor\",\"id\":1}"), "BAD_MESSAGE");
        assertError(chair.request("{\"type\":\"grantFloor\",\"id\":1,\"participantId\":42}"), "BAD_MESSAGE");
        assertError(chair.request("{\"type\":\"grantFloor\",\"id\":1,\"participantId\":\"\"}"), "BAD_MESSAGE");
        assertError(chair.request("{\"type\":\"grantFloor\",\"id\":1,\"participantId\":\"nobody\"}"), "UNKNOWN_PARTICIPANT");
        assertError(chair.request("{\"type\":\"revokeFloor\",\"id\":1,\"participantId\":\"nobody\"}"), "UNKNOWN_PARTICIPANT");
        assertError(chair.request("{\"type\":\"grantFloor\",\"id\":1,\"participantId\":\"" + participantId("Cap") + "\"}"),
                "FORBIDDEN");
        assertError(chair.request("{\"type\":\"setFloorLanguage\",\"id\":1,\"language\":\"de\"}"), "UNKNOWN_LANGUAGE");
        assertError(chair.request("{\"type\":\"setFloorLanguage\",\"id\":1,\"language\":[\"fr\"]}"), "BAD_MESSAGE");
        assertError(captioner.request("{\"type\":\"caption\",\"id\":1,\"text\":\"\"}"), "BAD_MESSAGE");
        assertError(captioner.request("{\"type\":\"caption\",\"id\":1}"), "BAD_MESSAGE");
        assertError(captioner.request("{\"type\":\"caption\",\"id\":1,\"text\":\"" + "x".repeat(1001) + "\"}"),
                "BAD_MESSAGE");
        assertError(captioner.request("{\"type\":\"caption\",\"id\":1,\"text\":\"Hi\",\"final\":\"yes\"}"), "BAD_MESSAGE");
        assertError(captioner.request("{\"type\":\"caption\",\"id\":1,\"text\":\"Hi\",\"language\":\"de\"}"),
                "UNKNOWN_LANGUAGE");
        assertEquals("captionSent", replyTo(captioner, "{\"type\":\"caption\",\"id\":1,\"text\":\"" + "x".repeat(1000)
                + "\"}").get("type").asText(), "1000 characters are fine");
        assertEquals(1000, expect(delegate, "caption").get("text").asText().length());
        try (WsTestClient stranger = WsTestClient.connect(http, server.httpPort())) {
            assertError(stranger.request("{\"type\":\"raiseHand\",\"id\":1,\"raised\":true}"), "NOT_JOINED");
            assertError(stranger.request("{\"type\":\"grantFloor\",\"id\":1,\"participantId\":\"x\"}"), "NOT_JOINED");
        }

        assertEquals("pong", delegate.request("{\"type\":\"ping\"}").get("type").asText(),
                "the delegate heard of nothing but the one caption");
        assertEquals("en", server.meetings().meeting(meetingId).floor().language());
    }

    @Test
    void chairsAndOperatorsGetTheRosterOthersDoNot() {
        String token = api.invite(meetingId, "{\"role\": \"operator\", \"name\": \"Op\"}").get("token").asText();
        WsTestClient operator = WsTestClient.connect(http, server.httpPort());
        clients.add(operator);
        assertEquals("joined", operator.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"}")
                .get("type").asText());
        JsonNode first = expect(operator, "roster");
        assertEquals(List.of("Op"), names(first.get("participants")));

        WsTestClient delegate = joinAs("delegate", "Del");
        assertEquals("participantJoined", operator.next().get("type").asText());
        JsonNode roster = expect(operator, "roster");
        assertEquals(List.of("Op", "Del"), names(roster.get("participants")), roster.toString());
        JsonNode entry = roster.get("participants").get(1);
        assertEquals("delegate", entry.get("role").asText());
        assertTrue(entry.get("booth").isNull());
        assertTrue(entry.get("channel").isNull());
        assertTrue(entry.get("floor").isNull());
        assertEquals("unknown", entry.get("quality").get("grade").asText(), "no media: unknown");
        assertTrue(entry.get("quality").get("rttMs").isNull());
        assertTrue(entry.get("quality").get("mos").isNull(), "no score yet: " + entry);
        assertTrue(entry.get("quality").get("r").isNull());

        replyTo(delegate, "{\"type\":\"raiseHand\",\"id\":2,\"raised\":true}");
        assertEquals("floor", operator.next().get("type").asText());
        assertEquals("hand", expect(operator, "roster").get("participants").get(1).get("floor").asText());
        operator.send("{\"type\":\"grantFloor\",\"id\":3,\"participantId\":\"" + participantId("Del") + "\"}");
        JsonNode speaking = operator.next();
        while (!speaking.get("type").asText().equals("roster")) {
            speaking = operator.next();
        }
        assertEquals("speaking", speaking.get("participants").get(1).get("floor").asText(), speaking.toString());

        delegate.send("{\"type\":\"ping\",\"id\":\"last\"}");
        for (JsonNode message = delegate.next(); !message.path("id").asText().equals("last"); message = delegate.next()) {
            assertFalse(message.get("type").asText().equals("roster"), "a delegate gets no roster: " + message);
        }
    }

    @Test
    void floorControlIsStoredAndAppliesAtOnce() {
        api.post("/api/meetings", MEETING.replaceFirst("\\{", "{\"floorControl\": \"free\", "))
                .assertError(400, "BAD_REQUEST");
        assertEquals("chaired", api.get("/api/meetings/" + meetingId).body().get("floorControl").asText());
        String open = api.createMeeting(MEETING.replaceFirst("\\{", "{\"floorControl\": \"open\", "));
        assertEquals("open", api.get("/api/meetings/" + open).body().get("floorControl").asText());

        WsTestClient delegate = joinAs("delegate", "Del");
        assertEquals(200, api.put("/api/meetings/" + meetingId, MEETING.replaceFirst("\\{", "{\"floorControl\": \"open\", "))
                .status());
        assertEquals("open", expect(delegate, "floor").get("control").asText());
        assertEquals("open", api.get("/api/meetings/" + meetingId).body().get("floorControl").asText());
    }

    @Test
    void joinedTellsEachRoleItsTiersAndAPolicyChangeIsPushedToThoseItChanges() {
        String limited = MEETING.replaceFirst("\\{", "{\"tierPolicy\": [\"low\", \"standard\"], ");
        assertEquals(200, api.put("/api/meetings/" + meetingId, limited).status());
        // Arrivals and booths reach a client whenever the joining thread gets to it: not what this is about.
        WsTestClient delegate = WsTestClient.connect(http, server.httpPort()).ignoring("participantJoined", "booths");
        clients.add(delegate);
        WsTestClient interpreter = WsTestClient.connect(http, server.httpPort()).ignoring("participantJoined", "booths");
        clients.add(interpreter);

        JsonNode delegateJoined = delegate.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + api.invite(meetingId,
                "{\"role\": \"delegate\", \"name\": \"Del\"}").get("token").asText() + "\"}");
        JsonNode interpreterJoined = interpreter.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + api.invite(meetingId,
                "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Cam\"}").get("token").asText() + "\"}");

        assertEquals("[\"standard\",\"low\"]", delegateJoined.get("tierPolicy").toString(), "best first");
        assertEquals("[\"studio\",\"standard\",\"low\"]", interpreterJoined.get("tierPolicy").toString(),
                "an interpreter may always use the best tier");

        assertEquals(200, api.put("/api/meetings/" + meetingId, MEETING.replaceFirst("\\{", "{\"tierPolicy\": [\"minimal\"], "))
                .status());
        assertEquals("[\"minimal\"]", expect(delegate, "tierPolicy").get("tiers").toString());
        assertEquals("[\"studio\",\"minimal\"]", expect(interpreter, "tierPolicy").get("tiers").toString());

        assertEquals(200, api.put("/api/meetings/" + meetingId, MEETING.replaceFirst("\\{",
                "{\"tierPolicy\": [\"minimal\", \"studio\"], ")).status());
        assertEquals("[\"studio\",\"minimal\"]", expect(delegate, "tierPolicy").get("tiers").toString());
        interpreter.send("{\"type\":\"ping\",\"id\":\"last\"}");
        assertEquals("pong", interpreter.next().get("type").asText(),
                "the interpreter's tiers did not change, so it is not told");
    }
}
