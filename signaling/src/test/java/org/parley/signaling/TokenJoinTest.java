package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.signaling.auth.Role;
import org.parley.signaling.auth.TokenClaims;
import org.parley.signaling.auth.TokenSigner;
import org.parley.signaling.config.AuthConfig;
import org.parley.signaling.config.ParleyConfig;

/** {@code join {token}}, its refusals, and the role checks of signaling actions, over a real WebSocket. */
class TokenJoinTest {

    private static final byte[] TOKEN_KEY = "a test key of thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);
    private static final String MEETING = """
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
            """;

    private ParleyServer server;
    private HttpClient http;
    private ApiClient api;
    private String meetingId;

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
        http.close();
        server.close();
    }

    private String token(String invitation) {
        return api.invite(meetingId, invitation).get("token").asText();
    }

    private WsTestClient connect() {
        return WsTestClient.connect(http, server.httpPort());
    }

    private static String join(String token) {
        return "{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"}";
    }

    private static void assertError(JsonNode message, String code) {
        assertEquals("error", message.get("type").asText(), message.toString());
        assertEquals(code, message.get("code").asText(), message.toString());
        assertFalse(message.get("message").asText().isEmpty());
        assertEquals(1, message.get("id").asInt(), message.toString());
    }

    @Test
    void aValidTokenJoinsWithItsRoleBoothAndName() {
        String token = token("{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}");
        try (WsTestClient client = connect()) {
            JsonNode joined = client.request(join(token));

            assertEquals("joined", joined.get("type").asText(), joined.toString());
            assertEquals(meetingId, joined.get("meeting").asText());
            assertEquals("interpreter", joined.get("role").asText());
            assertEquals("fr", joined.get("booth").asText());
            assertEquals("Council", joined.get("title").asText());
            assertEquals("Camille", server.meetings().meeting(meetingId).participants().getFirst().name());
        }
    }

    @Test
    void aTokenWithoutANameTakesTheClientsAndMayNameItsOwnMeeting() {
        String token = token("{\"role\": \"delegate\"}");
        try (WsTestClient client = connect(); WsTestClient other = connect()) {
            assertError(client.request(join(token)), "BAD_MESSAGE"); // no name anywhere
            JsonNode joined = client.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token
                    + "\",\"meeting\":\"" + meetingId + "\",\"name\":\"Bea\"}");
            assertEquals("delegate", joined.get("role").asText(), joined.toString());

            other.request(join(token("{\"role\": \"captioner\", \"name\": \"Olu\"}")));
            JsonNode arrival = client.next();
            assertEquals("participantJoined", arrival.get("type").asText());
            assertEquals("Olu", arrival.get("name").asText());
        }
    }

    @Test
    void tamperedAndGarbageTokensAreInvalid() {
        String token = token("{\"role\": \"observer\", \"name\": \"Eve\"}");
        int dot = token.indexOf('.');
        // Re-sign the same payload with the role changed to chair, without the key: the signature no longer fits.
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
        String promoted = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("\"observer\"", "\"chair\"").getBytes(StandardCharsets.UTF_8));
        char last = token.charAt(token.length() - 1);
        String flippedSignature = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        String otherKey = new TokenSigner("another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII))
                .sign(new TokenClaims(meetingId, Role.CHAIR, null, "i-forged", "Eve", Instant.now().plusSeconds(60)));

        try (WsTestClient client = connect()) {
            for (String bad : new String[] {promoted + token.substring(dot), flippedSignature, otherKey, "garbage",
                    "a.b.c", ".", "x".repeat(3000), token.substring(0, dot), token + "=="}) {
                assertError(client.request(join(bad)), "TOKEN_INVALID");
            }
            assertError(client.request("{\"type\":\"join\",\"id\":1,\"token\":42}"), "BAD_MESSAGE");
            assertEquals("joined", client.request(join(token)).get("type").asText(), "the genuine token still works");
        }
    }

    @Test
    void anExpiredTokenIsRefused() {
        String invitationId = api.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"Late\"}").get("invitationId").asText();
        String expired = new TokenSigner(TOKEN_KEY).sign(new TokenClaims(meetingId, Role.DELEGATE, null, invitationId,
                "Late", Instant.now().minusSeconds(1)));
        try (WsTestClient client = connect()) {
            assertError(client.request(join(expired)), "TOKEN_EXPIRED");
        }
    }

    @Test
    void revokingAnInvitationRefusesItsTokenAndDisconnectsThoseInOnIt() {
        JsonNode invitation = api.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"Rev\"}");
        String token = invitation.get("token").asText();
        try (WsTestClient revoked = connect(); WsTestClient second = connect(); WsTestClient bystander = connect()) {
            assertEquals("joined", revoked.request(join(token)).get("type").asText());
            assertEquals("joined", bystander.request(join(token("{\"role\": \"delegate\", \"name\": \"Stay\"}")))
                    .get("type").asText());

            long revokedAt = System.nanoTime();
            assertEquals(204, api.delete("/api/meetings/" + meetingId + "/invitations/"
                    + invitation.get("invitationId").asText()).status());

            JsonNode told = revoked.next();
            if (told.get("type").asText().equals("participantJoined")) {
                told = revoked.next(); // the bystander's arrival
            }
            assertEquals("error", told.get("type").asText(), told.toString());
            assertEquals("TOKEN_REVOKED", told.get("code").asText(), told.toString());
            revoked.awaitClose();
            long millis = (System.nanoTime() - revokedAt) / 1_000_000;
            assertTrue(millis < 1000, "disconnected " + millis + " ms after the revocation");
            assertError(second.request(join(token)), "TOKEN_REVOKED");
            assertEquals("participantLeft", bystander.next().get("type").asText(), "the others see Rev leave");
            assertEquals("pong", bystander.request("{\"type\":\"ping\"}").get("type").asText());
            assertEquals(1, server.meetings().meeting(meetingId).size(), "only the bystander is left");
        }
    }

    @Test
    void anInvitationThatExpiresWhileItsHolderIsInEndsTheStay() {
        String token = api.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"Brief\", \"expiresInSeconds\": 3}")
                .get("token").asText();
        try (WsTestClient client = connect()) {
            assertEquals("joined", client.request(join(token)).get("type").asText());
            JsonNode told = client.next();
            assertEquals("TOKEN_EXPIRED", told.get("code").asText(), told.toString());
            client.awaitClose();
            assertEquals(0, server.meetings().meeting(meetingId).size());
        }
    }

    @Test
    void deletingAMeetingEndsItsTokensEvenIfTheSameIdIsCreatedAgain() {
        String reused = api.createMeeting(MEETING.replaceFirst("\\{", "{\"id\": \"plenary\", "));
        String chairToken = api.invite(reused, "{\"role\": \"chair\", \"name\": \"Old chair\"}").get("token").asText();
        assertEquals(204, api.delete("/api/meetings/" + reused).status());
        assertEquals(reused, api.createMeeting(MEETING.replaceFirst("\\{", "{\"id\": \"plenary\", ")));

        try (WsTestClient client = connect()) {
            JsonNode refused = client.request(join(chairToken));
            assertError(refused, "TOKEN_INVALID");
            assertTrue(refused.get("message").asText().contains("no longer exists"), refused.toString());
            assertEquals(0, server.meetings().meeting(reused).size());
        }
    }

    @Test
    void aTokenForAnotherMeetingIsRefused() {
        String otherMeeting = api.createMeeting(MEETING);
        String token = token("{\"role\": \"delegate\", \"name\": \"Wanderer\"}");
        try (WsTestClient client = connect()) {
            assertError(client.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\",\"meeting\":\""
                    + otherMeeting + "\"}"), "TOKEN_WRONG_MEETING");
            assertError(client.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\",\"meeting\":\"demo\"}"),
                    "TOKEN_WRONG_MEETING");
        }
    }

    @Test
    void onlyOpenMeetingsAdmitAnonymousJoins() {
        String open = api.createMeeting(MEETING.replaceFirst("\\{", "{\"open\": true, "));
        try (WsTestClient client = connect()) {
            assertError(client.request("{\"type\":\"join\",\"id\":1,\"meeting\":\"" + meetingId + "\",\"name\":\"Anon\"}"),
                    "TOKEN_REQUIRED");
            assertError(client.request("{\"type\":\"join\",\"id\":1,\"meeting\":\"nope\",\"name\":\"Anon\"}"),
                    "UNKNOWN_MEETING");
            JsonNode joined = client.request("{\"type\":\"join\",\"id\":1,\"meeting\":\"" + open + "\",\"name\":\"Anon\"}");
            assertEquals("delegate", joined.get("role").asText(), joined.toString());
        }
        try (WsTestClient client = connect()) {
            JsonNode joined = client.request("{\"type\":\"join\",\"id\":1,\"meeting\":\"demo\",\"name\":\"Demo\"}");
            assertEquals("delegate", joined.get("role").asText(), "the configured demo meeting is open");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"observer", "captioner"})
    void listenersCannotPublish(String role) throws IOException {
        String publish = ChromeOffers.publishAndThreeSubscribes();
        String listenOnly = ChromeOffers.fourSubscribes();
        try (WsTestClient client = connect()) {
            client.request(join(token("{\"role\": \"" + role + "\", \"name\": \"L\"}")));

            assertError(client.request("{\"type\":\"offer\",\"id\":1,\"sdp\":" + ApiClient.JSON.writeValueAsString(publish)
                    + "}"), "FORBIDDEN");
            // A port-0 bundle-only line is accepted by the answerer (RFC 8843 §6.1), so it publishes too.
            String bundleOnly = publish.replaceFirst("m=audio 9 ", "m=audio 0 ")
                    .replaceFirst("a=mid:0\r\n", "a=mid:0\r\na=bundle-only\r\n");
            assertError(client.request("{\"type\":\"offer\",\"id\":1,\"sdp\":"
                    + ApiClient.JSON.writeValueAsString(bundleOnly) + "}"), "FORBIDDEN");
            // Receiving only passes the role check and reaches the (absent) media core; an observer on one line.
            String listening = role.equals("observer") ? ChromeOffers.oneSubscribe() : listenOnly;
            assertError(client.request("{\"type\":\"offer\",\"id\":1,\"sdp\":"
                    + ApiClient.JSON.writeValueAsString(listening) + "}"), "MEDIA_UNAVAILABLE");
        }
        try (WsTestClient delegate = connect()) {
            delegate.request(join(token("{\"role\": \"delegate\", \"name\": \"D\"}")));
            assertError(delegate.request("{\"type\":\"offer\",\"id\":1,\"sdp\":"
                    + ApiClient.JSON.writeValueAsString(publish) + "}"), "MEDIA_UNAVAILABLE");
        }
    }

    @Test
    void onlyTheOperatorMayEndTheMeeting() {
        try (WsTestClient operator = connect().ignoring("roster"); WsTestClient delegate = connect();
             WsTestClient chair = connect().ignoring("roster")) {
            operator.request(join(token("{\"role\": \"operator\", \"name\": \"Op\"}")));
            delegate.request(join(token("{\"role\": \"delegate\", \"name\": \"Del\"}")));
            chair.request(join(token("{\"role\": \"chair\", \"name\": \"Chair\"}")));
            operator.next(); // Del joined
            operator.next(); // Chair joined
            delegate.next(); // Chair joined

            assertError(delegate.request("{\"type\":\"endMeeting\",\"id\":1}"), "FORBIDDEN");
            assertError(chair.request("{\"type\":\"endMeeting\",\"id\":1}"), "FORBIDDEN");
            assertEquals(3, server.meetings().meeting(meetingId).size());

            JsonNode reply = operator.request("{\"type\":\"endMeeting\",\"id\":7}");

            assertEquals("meetingEnded", reply.get("type").asText(), reply.toString());
            assertEquals(7, reply.get("id").asInt());
            for (WsTestClient other : new WsTestClient[] {delegate, chair}) {
                JsonNode ended = other.next();
                assertEquals("meetingEnded", ended.get("type").asText(), ended.toString());
                assertEquals(meetingId, ended.get("meeting").asText());
                assertFalse(ended.has("id") && !ended.get("id").isNull());
                assertEquals(1000, other.awaitClose());
            }
            assertEquals(1000, operator.awaitClose());
        }
        assertEquals(0, server.meetings().meeting(meetingId).size());
        assertTrue(server.meetings().meeting(meetingId).ended());
        assertFalse(api.get("/api/meetings/" + meetingId).body().get("endedAt").isNull(), "the store knows it ended");
        api.post("/api/meetings/" + meetingId + "/invitations", "{\"role\": \"delegate\"}").assertError(409, "CONFLICT");
        api.put("/api/meetings/" + meetingId, MEETING).assertError(409, "CONFLICT");
    }

    @Test
    void anEndedMeetingAdmitsNobody() {
        String late = token("{\"role\": \"delegate\", \"name\": \"Late\"}");
        try (WsTestClient operator = connect().ignoring("roster")) {
            operator.request(join(token("{\"role\": \"operator\", \"name\": \"Op\"}")));
            assertEquals("meetingEnded", operator.request("{\"type\":\"endMeeting\",\"id\":1}").get("type").asText());
        }
        try (WsTestClient client = connect()) {
            assertError(client.request(join(late)), "MEETING_ENDED");
        }
    }

    @Test
    void deletingAMeetingDisconnectsItsParticipantsAndEndsItsTokens() {
        String token = token("{\"role\": \"delegate\", \"name\": \"Gone\"}");
        try (WsTestClient client = connect()) {
            client.request(join(token));

            assertEquals(204, api.delete("/api/meetings/" + meetingId).status());

            assertEquals("meetingEnded", client.next().get("type").asText());
            assertEquals(1000, client.awaitClose());
        }
        try (WsTestClient client = connect()) {
            assertError(client.request(join(token)), "TOKEN_INVALID");
        }
        assertEquals(0, server.meetings().participantCount());
    }
}
