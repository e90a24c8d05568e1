package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accounts over real HTTP: logging in with the session cookie, what organisers and operators may see
 * and change, the Origin check of cookie requests, password changes and account deletion. The login
 * throttle has its own servers in {@link LoginThrottleApiTest}.
 */
class AccountsApiTest {

    static final String PASSWORD = "a long enough password";
    private static final String MEETING = """
            {"title": "Ana's council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
            """;

    private static ParleyServer server;
    private static HttpClient http;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
        http = HttpClient.newHttpClient();
        admin = new ApiClient(http, server.httpPort(), server.adminKey());
        for (String[] account : new String[][] {{"ana", "organiser"}, {"bea", "organiser"}, {"olu", "operator"},
                {"dee", "organiser"}, {"eve", "organiser"}}) {
            createAccount(admin, account[0], account[1], PASSWORD);
        }
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    static void createAccount(ApiClient admin, String name, String role, String password) {
        ApiClient.Reply created = admin.post("/api/accounts",
                "{\"name\": \"" + name + "\", \"role\": \"" + role + "\", \"password\": \"" + password + "\"}");
        assertEquals(201, created.status(), created.raw().body());
        assertFalse(created.raw().body().contains("argon2"), "the hash never leaves the server");
    }

    /** Logs in and returns the client of that session (cookie and own Origin). */
    static ApiClient login(ApiClient anyClient, String name, String password) {
        ApiClient.Reply reply = anyClient.withKey(null).withOrigin(anyClient.origin())
                .post("/api/session", "{\"account\": \"" + name + "\", \"password\": \"" + password + "\"}");
        assertEquals(200, reply.status(), reply.raw().body());
        String setCookie = reply.header("set-cookie");
        assertNotNull(setCookie);
        return anyClient.withSession(setCookie.substring(0, setCookie.indexOf(';')));
    }

    @Test
    void loginSetsAStrictHttpOnlyCookieAndLogoutEndsTheSession() {
        ApiClient.Reply reply = admin.withKey(null).post("/api/session",
                "{\"account\": \"Ana\", \"password\": \"" + PASSWORD + "\"}");
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals("ana", reply.body().get("account").asText(), "names compare without case");
        assertEquals("organiser", reply.body().get("role").asText());
        String setCookie = reply.header("set-cookie");
        assertTrue(setCookie.matches("parley_session=[A-Za-z0-9_-]{43}; Path=/api; HTTPOnly; SameSite=Strict"), setCookie);
        ApiClient ana = admin.withSession(setCookie.substring(0, setCookie.indexOf(';')));

        JsonNode session = ana.get("/api/session").body();
        assertEquals("ana", session.get("account").asText());
        assertTrue(session.has("expiresAt"));
        ApiClient.Reply out = ana.delete("/api/session");
        assertEquals(204, out.status());
        assertTrue(out.header("set-cookie").contains("Max-Age=0"), out.header("set-cookie"));
        ana.get("/api/session").assertError(401, "UNAUTHORIZED");
        ana.get("/api/meetings").assertError(401, "UNAUTHORIZED");
    }

    @Test
    void aWrongPasswordAndAnUnknownAccountGetTheSameAnswer() {
        ApiClient anonymous = admin.withKey(null);
        String wrong = anonymous.post("/api/session", "{\"account\": \"bea\", \"password\": \"not the password\"}")
                .assertError(401, "UNAUTHORIZED");
        String unknown = anonymous.post("/api/session", "{\"account\": \"nobody\", \"password\": \"not the password\"}")
                .assertError(401, "UNAUTHORIZED");
        assertEquals(wrong, unknown);
        anonymous.get("/api/meetings").assertError(401, "UNAUTHORIZED");
        anonymous.withSession("parley_session=forged").get("/api/meetings").assertError(401, "UNAUTHORIZED");
        assertTrue(TestServers.counter(server, "parley.login.attempts", "result", "refused") >= 2);
    }

    @Test
    void anOrganiserCannotSeeOrChangeAnotherOrganisersMeetings() {
        ApiClient ana = login(admin, "ana", PASSWORD);
        ApiClient bea = login(admin, "bea", PASSWORD);
        String id = ana.createMeeting(MEETING);
        JsonNode invitation = ana.invite(id, "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}");
        String invitationId = invitation.get("invitationId").asText();
        String beasOwn = bea.createMeeting(MEETING.replace("Ana's", "Bea's"));

        assertEquals("ana", ana.get("/api/meetings/" + id).body().get("owner").asText());
        // The organiser page lists the recordings of its own meetings with the session cookie.
        assertTrue(ana.get("/api/meetings/" + id).body().get("recording").isNull(), "not being recorded");
        assertFalse(ana.get("/api/meetings/" + id + "/recording").body().get("active").asBoolean());
        assertEquals(0, ana.get("/api/meetings/" + id + "/recordings").body().size());
        ana.get("/api/meetings/" + id + "/recordings/r-1/fr.opus").assertError(404, "NOT_FOUND");
        assertEquals(List.of(id), ids(ana.get("/api/meetings").body()), "ana lists only hers");
        assertEquals(List.of(beasOwn), ids(bea.get("/api/meetings").body()), "bea lists only hers");

        // Every path to ana's meeting answers bea as if it did not exist.
        String meeting = "/api/meetings/" + id;
        List<ApiClient.Reply> refusals = List.of(
                bea.get(meeting),
                bea.put(meeting, MEETING.replace("Ana's", "Hijacked")),
                bea.delete(meeting),
                bea.post(meeting + "/end", null),
                bea.get(meeting + "/invitations"),
                bea.post(meeting + "/invitations", "{\"role\": \"chair\"}"),
                bea.delete(meeting + "/invitations/" + invitationId),
                bea.get(meeting + "/participation"),
                bea.delete(meeting + "/transports/p-1"),
                bea.get(meeting + "/recording"),
                bea.get(meeting + "/recordings"),
                bea.get(meeting + "/recordings/r-1"),
                bea.get(meeting + "/recordings/r-1/fr.opus"));
        for (ApiClient.Reply refusal : refusals) {
            String message = refusal.assertError(404, "NOT_FOUND");
            assertEquals("no meeting \"" + id + "\"", message, "the same words as for a meeting that does not exist");
        }
        assertEquals(refusals.getFirst().raw().body().replace(id, "m-none"), bea.get("/api/meetings/m-none").raw().body());

        // Nothing changed.
        JsonNode after = ana.get(meeting).body();
        assertEquals("Ana's council", after.get("title").asText());
        assertTrue(after.get("endedAt").isNull());
        JsonNode invitations = ana.get(meeting + "/invitations").body();
        assertEquals(1, invitations.size());
        assertTrue(invitations.get(0).get("revokedAt").isNull());
        assertNotNull(server.meetings().meeting(id));

        // The admin key sees both, with their owners.
        JsonNode all = admin.get("/api/meetings").body();
        assertTrue(ids(all).containsAll(List.of(id, beasOwn)));
        assertEquals("ana", admin.get(meeting).body().get("owner").asText());
    }

    @Test
    void anOrganiserRunsItsOwnMeetingThroughTheSession() {
        ApiClient dee = login(admin, "dee", PASSWORD);
        String id = dee.createMeeting(MEETING);
        String meeting = "/api/meetings/" + id;

        ApiClient.Reply updated = dee.put(meeting, """
                {"title": "Dee's council", "languages": ["en", "fr", "es"], "floorLanguage": "en",
                 "booths": [{"language": "fr"}, {"language": "es", "relaySource": "fr"}], "floorControl": "open",
                 "tierPolicy": ["standard", "low"], "schedule": {"start": "2026-12-01T09:00:00+01:00", "end": "2026-12-01T12:00:00+01:00"}}
                """);
        assertEquals(200, updated.status(), updated.raw().body());
        assertEquals("dee", updated.body().get("owner").asText(), "an edit keeps the owner");

        JsonNode issued = dee.invite(id, """
                {"role": "delegate", "name": "Ada", "email": "ada@example.org", "language": "es"}
                """);
        assertEquals("ada@example.org", issued.get("email").asText());
        assertTrue(issued.get("joinUrl").asText().endsWith("/?token=" + issued.get("token").asText() + "&lang=es"),
                issued.get("joinUrl").asText());
        dee.post(meeting + "/invitations", "{\"role\": \"delegate\", \"email\": \"not an address\"}")
                .assertError(400, "BAD_REQUEST");
        dee.post(meeting + "/invitations", "{\"role\": \"delegate\", \"language\": \"xx\"}").assertError(400, "BAD_REQUEST");

        JsonNode listed = dee.get(meeting + "/invitations").body().get(0);
        assertEquals(issued.get("token"), listed.get("token"), "the same token as when it was issued");
        assertEquals(issued.get("joinUrl"), listed.get("joinUrl"));
        assertEquals("es", listed.get("language").asText());

        assertEquals(204, dee.delete(meeting + "/invitations/" + issued.get("invitationId").asText()).status());
        assertFalse(dee.get(meeting + "/invitations").body().get(0).get("revokedAt").isNull());

        ApiClient.Reply ended = dee.post(meeting + "/end", null);
        assertEquals(200, ended.status(), ended.raw().body());
        assertFalse(ended.body().get("endedAt").isNull());
        dee.post(meeting + "/end", null).assertError(409, "CONFLICT");
        assertTrue(server.meetings().meeting(id).ended());

        assertEquals(204, dee.delete(meeting).status());
        dee.get(meeting).assertError(404, "NOT_FOUND");
    }

    @Test
    void anOperatorSeesAndRunsEveryMeetingButEditsNone() {
        ApiClient ana = login(admin, "ana", PASSWORD);
        ApiClient olu = login(admin, "olu", PASSWORD);
        String id = ana.createMeeting(MEETING);
        String meeting = "/api/meetings/" + id;

        assertTrue(ids(olu.get("/api/meetings").body()).contains(id));
        assertEquals(200, olu.get(meeting).status());
        assertEquals(200, olu.get(meeting + "/participation").status());
        assertEquals(200, olu.get(meeting + "/recordings").status(), "an operator lists every meeting's recordings");
        assertTrue(olu.get(meeting).body().get("recording").isNull());
        JsonNode invitation = olu.invite(id, "{\"role\": \"operator\", \"name\": \"Olu\"}");
        assertEquals(204, olu.delete(meeting + "/invitations/" + invitation.get("invitationId").asText()).status());

        assertTrue(olu.put(meeting, MEETING).assertError(403, "FORBIDDEN").contains("operator \"olu\""));
        olu.delete(meeting).assertError(403, "FORBIDDEN");
        olu.post("/api/meetings", MEETING).assertError(403, "FORBIDDEN");
        olu.get("/api/accounts").assertError(403, "FORBIDDEN");
        ana.get("/api/accounts").assertError(403, "FORBIDDEN");

        assertEquals(200, olu.post(meeting + "/end", null).status());
        assertTrue(server.meetings().meeting(id).ended());
    }

    @Test
    void aCookieRequestThatChangesAnythingMustComeFromThisServersPages() {
        ApiClient ana = login(admin, "ana", PASSWORD);
        String foreign = "https://evil.example";

        ana.withOrigin(foreign).post("/api/meetings", MEETING).assertError(403, "FORBIDDEN");
        assertTrue(ana.withOrigin(null).post("/api/meetings", MEETING).assertError(403, "FORBIDDEN").contains("Origin missing"));
        String id = ana.createMeeting(MEETING);
        ana.withOrigin(foreign).delete("/api/meetings/" + id).assertError(403, "FORBIDDEN");
        ana.withOrigin(foreign).post("/api/meetings/" + id + "/invitations", "{\"role\": \"chair\"}").assertError(403, "FORBIDDEN");
        assertEquals(200, ana.withOrigin(foreign).get("/api/meetings/" + id).status(), "reading changes nothing");
        assertNotNull(server.meetings().meeting(id));
        // A login from another site's page (login CSRF) is refused too; the admin key needs no Origin.
        admin.withKey(null).withOrigin(foreign).post("/api/session",
                "{\"account\": \"ana\", \"password\": \"" + PASSWORD + "\"}").assertError(403, "FORBIDDEN");
        assertEquals(204, admin.withOrigin(foreign).delete("/api/meetings/" + id).status());
    }

    @Test
    void anAccountChangesItsOwnPasswordAndItsOtherSessionsEnd() {
        ApiClient first = login(admin, "eve", PASSWORD);
        ApiClient second = login(admin, "eve", PASSWORD);
        String changed = "another long password";

        first.put("/api/session/password", "{\"currentPassword\": \"wrong password!\", \"newPassword\": \"" + changed + "\"}")
                .assertError(403, "FORBIDDEN");
        first.put("/api/session/password", "{\"currentPassword\": \"" + PASSWORD + "\", \"newPassword\": \"short\"}")
                .assertError(400, "BAD_REQUEST");
        ApiClient.Reply reply = first.put("/api/session/password",
                "{\"currentPassword\": \"" + PASSWORD + "\", \"newPassword\": \"" + changed + "\"}");
        assertEquals(204, reply.status(), reply.raw().body());
        String cookie = reply.header("set-cookie");
        ApiClient renewed = admin.withSession(cookie.substring(0, cookie.indexOf(';')));

        first.get("/api/session").assertError(401, "UNAUTHORIZED");
        second.get("/api/session").assertError(401, "UNAUTHORIZED");
        assertEquals(200, renewed.get("/api/session").status());
        admin.withKey(null).post("/api/session", "{\"account\": \"eve\", \"password\": \"" + PASSWORD + "\"}")
                .assertError(401, "UNAUTHORIZED");
        login(admin, "eve", changed);
    }

    @Test
    void theAdminManagesAccounts() {
        createAccount(admin, "gil", "organiser", PASSWORD);
        admin.post("/api/accounts", "{\"name\": \"GIL\", \"role\": \"organiser\", \"password\": \"" + PASSWORD + "\"}")
                .assertError(409, "CONFLICT");
        admin.post("/api/accounts", "{\"name\": \"hal\", \"role\": \"organiser\", \"password\": \"short\"}")
                .assertError(400, "BAD_REQUEST");
        admin.post("/api/accounts", "{\"name\": \"hal\", \"role\": \"chair\", \"password\": \"" + PASSWORD + "\"}")
                .assertError(400, "BAD_REQUEST");
        admin.post("/api/accounts", "{\"name\": \"no spaces\", \"role\": \"operator\", \"password\": \"" + PASSWORD + "\"}")
                .assertError(400, "BAD_REQUEST");
        JsonNode listed = admin.get("/api/accounts").body();
        assertTrue(listed.toString().contains("\"name\":\"gil\",\"role\":\"organiser\""), listed.toString());
        assertFalse(listed.toString().contains("argon2"));

        ApiClient gil = login(admin, "gil", PASSWORD);
        String id = gil.createMeeting(MEETING);
        assertEquals(204, admin.put("/api/accounts/gil/password", "{\"password\": \"the admin's new one\"}").status());
        gil.get("/api/session").assertError(401, "UNAUTHORIZED");
        gil = login(admin, "gil", "the admin's new one");

        assertEquals(204, admin.delete("/api/accounts/gil").status());
        gil.get("/api/meetings").assertError(401, "UNAUTHORIZED");
        assertTrue(admin.get("/api/meetings/" + id).body().get("owner").isNull(), "the meeting stays, without an owner");
        admin.delete("/api/accounts/gil").assertError(404, "NOT_FOUND");
    }

    private static List<String> ids(JsonNode meetings) {
        List<String> ids = new ArrayList<>();
        meetings.forEach(meeting -> ids.add(meeting.get("id").asText()));
        return ids;
    }
}
