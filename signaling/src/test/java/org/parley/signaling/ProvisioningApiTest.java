package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The provisioning REST API over real HTTP, against an in-process server without media. */
class ProvisioningApiTest {

    static final String MEETING = """
            {"title": "Council", "schedule": {"start": "2026-12-01T09:00:00+01:00", "end": "2026-12-01T12:00:00+01:00"},
             "languages": ["en", "fr", "es", "ar"], "floorLanguage": "en",
             "booths": [{"language": "fr", "relaySource": "floor"}, {"language": "es", "relaySource": "fr"},
                        {"language": "ar"}],
             "tierPolicy": ["studio", "standard"]}
            """;

    private static ParleyServer server;
    private static HttpClient http;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
        http = HttpClient.newHttpClient();
        api = new ApiClient(http, server.httpPort(), server.adminKey());
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    @Test
    void createReadListUpdateDelete() {
        ApiClient.Reply created = api.post("/api/meetings", MEETING);

        assertEquals(201, created.status(), created.raw().body());
        JsonNode meeting = created.body();
        String id = meeting.get("id").asText();
        assertEquals("/api/meetings/" + id, created.header("location"));
        assertEquals("application/json", created.header("content-type"));
        assertEquals("Council", meeting.get("title").asText());
        assertEquals("2026-12-01T09:00+01:00", meeting.get("schedule").get("start").asText());
        assertEquals("[\"en\",\"fr\",\"es\",\"ar\"]", meeting.get("languages").toString());
        assertEquals("en", meeting.get("floorLanguage").asText());
        assertEquals("[{\"language\":\"fr\",\"relaySource\":\"floor\"},{\"language\":\"es\",\"relaySource\":\"fr\"},"
                + "{\"language\":\"ar\",\"relaySource\":\"floor\"}]", meeting.get("booths").toString());
        assertEquals("[\"studio\",\"standard\"]", meeting.get("tierPolicy").toString());
        assertFalse(meeting.get("open").asBoolean());
        assertTrue(meeting.get("endedAt").isNull());
        assertEquals(meeting, api.get("/api/meetings/" + id).body());
        assertTrue(containsId(api.get("/api/meetings").body(), id));
        assertEquals("Council", server.meetings().meeting(id).title(), "the live registry has it too");

        ApiClient.Reply updated = api.put("/api/meetings/" + id, """
                {"title": "Council, day 2", "languages": ["en", "fr"], "floorLanguage": "fr",
                 "booths": [{"language": "en"}], "open": true}
                """);

        assertEquals(200, updated.status(), updated.raw().body());
        JsonNode read = api.get("/api/meetings/" + id).body();
        assertEquals("Council, day 2", read.get("title").asText());
        assertTrue(read.get("schedule").isNull());
        assertEquals("[{\"language\":\"en\",\"relaySource\":\"floor\"}]", read.get("booths").toString());
        assertEquals("[\"studio\",\"standard\",\"low\",\"minimal\"]", read.get("tierPolicy").toString(), "the default: all");
        assertTrue(read.get("open").asBoolean());
        assertEquals(List.of("en", "fr"), server.meetings().meeting(id).languages());

        assertEquals(204, api.delete("/api/meetings/" + id).status());
        api.get("/api/meetings/" + id).assertError(404, "NOT_FOUND");
        assertFalse(containsId(api.get("/api/meetings").body(), id));
        assertNull(server.meetings().meeting(id));
    }

    private static boolean containsId(JsonNode meetings, String id) {
        for (JsonNode meeting : meetings) {
            if (meeting.get("id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aChosenIdIsKeptAndCannotBeTakenTwice() {
        String body = MEETING.replaceFirst("\\{", "{\"id\": \"council-2026\", ");
        assertEquals("council-2026", api.createMeeting(body));

        assertTrue(api.post("/api/meetings", body).assertError(409, "CONFLICT").contains("council-2026"));
        api.post("/api/meetings", MEETING.replaceFirst("\\{", "{\"id\": \"demo\", "))
                .assertError(409, "CONFLICT"); // taken by the configured meeting
        api.post("/api/meetings", MEETING.replaceFirst("\\{", "{\"id\": \"no spaces\", ")).assertError(400, "BAD_REQUEST");
    }

    @Test
    void missingOrWrongKeyIsUnauthorized() {
        for (ApiClient client : List.of(api.withKey(null), api.withKey("wrong-key-wrong-key"),
                api.withKey(server.adminKey() + "x"))) {
            ApiClient.Reply reply = client.get("/api/meetings");
            reply.assertError(401, "UNAUTHORIZED");
            assertEquals("Bearer realm=\"parley\"", reply.header("www-authenticate"));
            client.post("/api/meetings", MEETING).assertError(401, "UNAUTHORIZED");
            client.get("/api/nothing-here").assertError(401, "UNAUTHORIZED"); // nothing is revealed without the key
        }
        assertEquals(200, api.get("/api/meetings").status());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "not json|the body is not valid JSON",
            "[1, 2]|the body must be a JSON object",
            "{\"languages\": [\"en\"], \"floorLanguage\": \"en\"}|title: missing",
            "{\"title\": 7, \"languages\": [\"en\"], \"floorLanguage\": \"en\"}|title: expected a string",
            "{\"title\": \"t\", \"languages\": \"en\", \"floorLanguage\": \"en\"}|languages: expected an array",
            "{\"title\": \"t\", \"languages\": [], \"floorLanguage\": \"en\"}|languages: expected 1 to",
            "{\"title\": \"t\", \"languages\": [\"en\", \"xx\"], \"floorLanguage\": \"en\"}|languages[1]: \"xx\" is not an ISO 639-1",
            "{\"title\": \"t\", \"languages\": [\"eng\"], \"floorLanguage\": \"en\"}|languages[0]: expected 1 to 2 characters",
            "{\"title\": \"t\", \"languages\": [\"en\", \"en\"], \"floorLanguage\": \"en\"}|languages[1]: \"en\" is listed twice",
            "{\"title\": \"t\", \"languages\": [\"en\"], \"floorLanguage\": \"fr\"}|floorLanguage: \"fr\" is not one of",
            "{\"title\": \"t\", \"languages\": [\"en\"], \"floorLanguage\": \"en\", \"booths\": [{\"language\": \"de\"}]}|booths[0].language: \"de\" is not one of",
            "{\"title\": \"t\", \"languages\": [\"en\"], \"floorLanguage\": \"en\", \"booths\": [{\"language\": \"en\"}]}|booths[0].language: \"en\" is the floor language",
            "{\"title\": \"t\", \"languages\": [\"en\", \"fr\"], \"floorLanguage\": \"en\", \"booths\": [{\"language\": \"fr\"}, {\"language\": \"fr\"}]}|booths[1].language: a second booth",
            "{\"title\": \"t\", \"languages\": [\"en\", \"fr\"], \"floorLanguage\": \"en\", \"booths\": [\"fr\"]}|booths[0]: expected an object",
            "{\"title\": \"t\", \"languages\": [\"en\", \"fr\", \"de\"], \"floorLanguage\": \"en\", \"booths\": [{\"language\": \"fr\", \"relaySource\": \"de\"}]}|booths[0].relaySource: expected \"floor\" or the language of another booth",
            "{\"title\": \"t\", \"languages\": [\"en\", \"fr\", \"es\"], \"floorLanguage\": \"en\", \"booths\": [{\"language\": \"fr\", \"relaySource\": \"es\"}, {\"language\": \"es\", \"relaySource\": \"fr\"}]}|relay cycle fr -> es -> fr",
            "{\"title\": \"t\", \"languages\": [\"en\", \"fr\", \"es\", \"ar\"], \"floorLanguage\": \"en\", \"booths\": [{\"language\": \"ar\", \"relaySource\": \"fr\"}, {\"language\": \"fr\", \"relaySource\": \"es\"}, {\"language\": \"es\", \"relaySource\": \"fr\"}]}|relay cycle fr -> es -> fr",
            "{\"title\": \"t\", \"languages\": [\"en\", \"fr\"], \"floorLanguage\": \"en\", \"booths\": [{\"language\": \"fr\", \"relaySource\": \"fr\"}]}|relay cycle fr -> fr",
            "{\"title\": \"t\", \"languages\": [\"en\"], \"floorLanguage\": \"en\", \"tierPolicy\": [\"ultra\"]}|tierPolicy[0]: \"ultra\" is not one of",
            "{\"title\": \"t\", \"languages\": [\"en\"], \"floorLanguage\": \"en\", \"tierPolicy\": []}|tierPolicy: allow at least one",
            "{\"title\": \"t\", \"languages\": [\"en\"], \"floorLanguage\": \"en\", \"schedule\": {\"start\": \"tomorrow\", \"end\": \"2026-12-01T09:00:00Z\"}}|schedule.start: expected an ISO-8601",
            "{\"title\": \"t\", \"languages\": [\"en\"], \"floorLanguage\": \"en\", \"schedule\": {\"start\": \"2026-12-01T09:00:00Z\", \"end\": \"2026-12-01T08:00:00Z\"}}|schedule.end: must be after schedule.start",
            "{\"title\": \"t\", \"languages\": [\"en\"], \"floorLanguage\": \"en\", \"schedule\": \"9am\"}|schedule: expected an object",
            "{\"title\": \"t\", \"languages\": [\"en\"], \"floorLanguage\": \"en\", \"open\": \"yes\"}|open: expected true or false",
            "{\"title\": \"t\", \"languages\": [\"en\"], \"floorLanguage\": \"en\", \"colour\": \"blue\"}|colour: unknown field",
            "{\"title\": \"t\", \"title\": \"u\", \"languages\": [\"en\"], \"floorLanguage\": \"en\"}|Duplicate field 'title'",
    })
    void badMeetingBodiesAreRefusedNamingTheField(String body, String expected) {
        for (ApiClient.Reply reply : List.of(api.post("/api/meetings", body),
                api.put("/api/meetings/" + api.createMeeting(MEETING), body))) {
            String message = reply.assertError(400, "BAD_REQUEST");
            assertTrue(message.contains(expected), message);
        }
    }

    @Test
    void unknownMeetingsAndInvitationsAreNotFound() {
        String id = api.createMeeting(MEETING);
        List<ApiClient.Reply> replies = new ArrayList<>(List.of(
                api.get("/api/meetings/nope"),
                api.put("/api/meetings/nope", MEETING),
                api.delete("/api/meetings/nope"),
                api.post("/api/meetings/nope/invitations", "{\"role\": \"delegate\"}"),
                api.delete("/api/meetings/nope/invitations/i-x"),
                api.get("/api/meetings/nope/participation"),
                api.get("/api/meetings/demo"), // configured, not provisioned
                api.delete("/api/meetings/" + id + "/invitations/i-unknown"),
                api.get("/api/meetings/nope/recordings"),
                api.get("/api/meetings/" + id + "/recordings/r-unknown"),
                api.delete("/api/meetings/nope/transports/p-1"),
                api.delete("/api/meetings/" + id + "/transports/p-unknown"),
                api.get("/api/rooms"),
                api.get("/api")));
        for (ApiClient.Reply reply : replies) {
            reply.assertError(404, "NOT_FOUND");
        }
        // An invitation of another meeting is not found through this one.
        String other = api.createMeeting(MEETING);
        String invitationId = api.invite(other, "{\"role\": \"delegate\"}").get("invitationId").asText();
        api.delete("/api/meetings/" + id + "/invitations/" + invitationId).assertError(404, "NOT_FOUND");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "PATCH, /api/meetings, 'GET, POST'",
            "DELETE, /api/meetings, 'GET, POST'",
            "POST, /api/meetings/ID, 'GET, PUT, DELETE'",
            "PUT, /api/meetings/ID/invitations, 'GET, POST'",
            "GET, /api/meetings/ID/end, POST",
            "PUT, /api/meetings/ID/invitations/i-1, DELETE",
            "POST, /api/meetings/ID/participation, GET",
            "GET, /api/meetings/ID/transports/p-1, DELETE",
    })
    void wrongMethodsAreNotAllowed(String method, String path, String allow) {
        String id = api.createMeeting(MEETING);
        ApiClient.Reply reply = api.send(method, path.replace("ID", id), method.equals("DELETE") ? null : "{}");

        reply.assertError(405, "METHOD_NOT_ALLOWED");
        assertEquals(allow, reply.header("allow"));
    }

    @Test
    void anOversizedBodyIsTooLarge() {
        String title = "x".repeat(20 * 1024);
        api.post("/api/meetings", "{\"title\": \"" + title + "\"}").assertError(413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void invitationsCarryASignedTokenAndAJoinLink() {
        String id = api.createMeeting(MEETING);
        Instant before = Instant.now().minusSeconds(1);

        ApiClient.Reply reply = api.post("/api/meetings/" + id + "/invitations",
                "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\", \"expiresInSeconds\": 3600}");

        assertEquals(201, reply.status(), reply.raw().body());
        JsonNode invitation = reply.body();
        String token = invitation.get("token").asText();
        assertTrue(token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"), token);
        assertEquals("http://127.0.0.1:" + server.httpPort() + "/?token=" + token, invitation.get("joinUrl").asText());
        assertEquals("interpreter", invitation.get("role").asText());
        assertEquals("fr", invitation.get("booth").asText());
        assertEquals("Camille", invitation.get("name").asText());
        Instant expiresAt = Instant.parse(invitation.get("expiresAt").asText());
        assertTrue(!expiresAt.isBefore(before.plusSeconds(3600)) && !expiresAt.isAfter(Instant.now().plusSeconds(3600)),
                expiresAt.toString());
        assertEquals("/api/meetings/" + id + "/invitations/" + invitation.get("invitationId").asText(),
                reply.header("location"));
        assertNotEquals(token, api.invite(id, "{\"role\": \"interpreter\", \"booth\": \"fr\"}").get("token").asText());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{}|role: missing",
            "{\"role\": \"king\"}|role: \"king\" is not one of chair, operator, interpreter, delegate, observer, room-system, captioner",
            "{\"role\": 3}|role: expected a string",
            "{\"role\": \"interpreter\"}|booth: missing",
            "{\"role\": \"interpreter\", \"booth\": \"de\"}|booth: the meeting has no booth \"de\"",
            "{\"role\": \"delegate\", \"booth\": \"fr\"}|booth: only an interpreter has a booth",
            "{\"role\": \"delegate\", \"expiresInSeconds\": 0}|expiresInSeconds: expected an integer 1..",
            "{\"role\": \"delegate\", \"expiresInSeconds\": \"soon\"}|expiresInSeconds: expected an integer",
            "{\"role\": \"delegate\", \"name\": \"\"}|name: expected 1 to 64 characters",
            "{\"role\": \"delegate\", \"seat\": 4}|seat: unknown field",
    })
    void badInvitationsAreRefusedNamingTheField(String body, String expected) {
        String id = api.createMeeting(MEETING);

        String message = api.post("/api/meetings/" + id + "/invitations", body).assertError(400, "BAD_REQUEST");

        assertTrue(message.contains(expected), message);
    }

    @Test
    void revokingIsIdempotentAndScopedToTheMeeting() {
        String id = api.createMeeting(MEETING);
        String invitationId = api.invite(id, "{\"role\": \"observer\"}").get("invitationId").asText();

        assertEquals(204, api.delete("/api/meetings/" + id + "/invitations/" + invitationId).status());
        assertEquals(204, api.delete("/api/meetings/" + id + "/invitations/" + invitationId).status());
    }

    @Test
    void theParticipationLogRecordsJoinsAndLeaves() {
        String id = api.createMeeting(MEETING);
        String token = api.invite(id, "{\"role\": \"chair\", \"name\": \"Ada\"}").get("token").asText();
        assertEquals("[]", api.get("/api/meetings/" + id + "/participation").body().toString());

        String participantId;
        try (WsTestClient client = WsTestClient.connect(http, server.httpPort()).ignoring("roster")) {
            JsonNode joined = client.request("{\"type\":\"join\",\"token\":\"" + token + "\"}");
            participantId = joined.get("participantId").asText();
            assertEquals(1, api.get("/api/meetings/" + id).body().get("participants").asInt());
            JsonNode log = api.get("/api/meetings/" + id + "/participation").body();
            assertEquals(1, log.size());
            assertTrue(log.get(0).get("leftAt").isNull());
            assertEquals("left", client.request("{\"type\":\"leave\"}").get("type").asText());
        }

        JsonNode entry = api.get("/api/meetings/" + id + "/participation").body().get(0);
        assertEquals(participantId, entry.get("participantId").asText());
        assertEquals("chair", entry.get("role").asText());
        assertEquals("Ada", entry.get("name").asText());
        Instant joinedAt = Instant.parse(entry.get("joinedAt").asText());
        assertFalse(Instant.parse(entry.get("leftAt").asText()).isBefore(joinedAt));
        assertEquals("[]", entry.get("channels").toString(), "subscribed to nothing, so no channel time");
    }

    @Test
    void closingTheTransportOfAParticipantWithoutMediaIsAConflict() {
        String id = api.createMeeting(MEETING);
        String token = api.invite(id, "{\"role\": \"delegate\", \"name\": \"Ada\"}").get("token").asText();
        try (WsTestClient client = WsTestClient.connect(http, server.httpPort())) {
            String participantId = client.request("{\"type\":\"join\",\"token\":\"" + token + "\"}")
                    .get("participantId").asText();

            String message = api.delete("/api/meetings/" + id + "/transports/" + participantId).assertError(409, "CONFLICT");

            assertTrue(message.contains("has no media connection"), message);
        }
    }

    @Test
    void anUnauthenticatedPageIsStillServedOutsideTheApi() {
        assertEquals(200, api.withKey(null).send("GET", "/health", null).status());
    }
}
