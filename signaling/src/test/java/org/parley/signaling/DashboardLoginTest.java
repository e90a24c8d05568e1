package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;

/**
 * A logged-in account opens the operator dashboard: {@code POST /api/session/dashboard-ticket} (cookie and
 * Origin) hands its session to {@code watchDashboard {ticket}} over a real server's HTTP and WebSocket.
 * An operator account watches every meeting, an organiser only its own; a ticket opens once; a forged
 * one nothing; the view closes when its login ends. (Expiry against a clock: DashboardTicketsTest.)
 */
class DashboardLoginTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String PASSWORD = AccountsApiTest.PASSWORD;

    private static ParleyServer server;
    private static HttpClient http;
    private static ApiClient admin;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start();
        http = HttpClient.newHttpClient();
        admin = new ApiClient(http, server.httpPort(), server.adminKey());
        AccountsApiTest.createAccount(admin, "ana", "organiser", PASSWORD);
        AccountsApiTest.createAccount(admin, "bea", "organiser", PASSWORD);
        AccountsApiTest.createAccount(admin, "olu", "operator", PASSWORD);
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    @Test
    void anOperatorWatchesEveryMeetingAndAnOrganiserOnlyItsOwn() throws Exception {
        ApiClient ana = AccountsApiTest.login(admin, "ana", PASSWORD);
        ApiClient bea = AccountsApiTest.login(admin, "bea", PASSWORD);
        ApiClient olu = AccountsApiTest.login(admin, "olu", PASSWORD);
        String anas = ana.createMeeting(meeting("Ana's council"));
        String beas = bea.createMeeting(meeting("Bea's council"));
        try (SignalingClient inAnas = SignalingClient.connect(TestServers.webSocket(server));
             SignalingClient inBeas = SignalingClient.connect(TestServers.webSocket(server));
             SignalingClient operatorView = SignalingClient.connect(TestServers.webSocket(server));
             SignalingClient organiserView = SignalingClient.connect(TestServers.webSocket(server))) {
            join(inAnas, ana, anas, "Ada");
            join(inBeas, bea, beas, "Bo");

            JsonNode first = operatorView.request(watch(ticket(olu)), TIMEOUT);
            assertEquals("server", first.get("scope").asText());
            JsonNode both = first.get("meetings").size() == 2 ? first
                    : operatorView.awaitEvent("dashboard", message -> message.get("meetings").size() == 2, TIMEOUT);
            assertEquals(Set.of(anas, beas), meetingIds(both));

            JsonNode own = organiserView.request(watch(ticket(ana)), TIMEOUT);
            assertEquals("meetings", own.get("scope").asText());
            assertEquals(Set.of(anas), meetingIds(own), "ana's own meeting from the first message on");
            for (int i = 0; i < 3; i++) {
                assertEquals(Set.of(anas), meetingIds(organiserView.awaitEvent("dashboard", TIMEOUT)),
                        "never bea's");
            }
            // A meeting ana creates while watching joins her view (its owners are read again every 5 s).
            String anasSecond = ana.createMeeting(meeting("Ana's second council"));
            organiserView.awaitEvent("dashboard", message -> meetingIds(message).contains(anasSecond),
                    Duration.ofSeconds(20));
        }
    }

    @Test
    void aTicketOpensOnceAndForgedOrCookielessOrForeignRequestsNothing() throws Exception {
        ApiClient olu = AccountsApiTest.login(admin, "olu", PASSWORD);
        String ticket = ticket(olu);
        try (SignalingClient first = SignalingClient.connect(TestServers.webSocket(server));
             SignalingClient again = SignalingClient.connect(TestServers.webSocket(server));
             SignalingClient forger = SignalingClient.connect(TestServers.webSocket(server))) {
            assertEquals("server", first.request(watch(ticket), TIMEOUT).get("scope").asText());
            assertEquals("TICKET_INVALID", refusal(again, watch(ticket)), "spent");
            assertEquals("TICKET_INVALID", refusal(forger, watch("AAAAAAAAAAAAAAAAAAAAAA")), "forged");
        }
        olu.withOrigin(null).post("/api/session/dashboard-ticket", null).assertError(403, "FORBIDDEN");
        olu.withOrigin("https://evil.example").post("/api/session/dashboard-ticket", null)
                .assertError(403, "FORBIDDEN");
        admin.withKey(null).withOrigin(admin.origin()).post("/api/session/dashboard-ticket", null)
                .assertError(401, "UNAUTHORIZED");
        admin.withKey(null).withSession("parley_session=forged").post("/api/session/dashboard-ticket", null)
                .assertError(401, "UNAUTHORIZED");
        olu.get("/api/session/dashboard-ticket").assertError(405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void anOpenViewClosesWhenItsLoginEnds() throws Exception {
        ApiClient olu = AccountsApiTest.login(admin, "olu", PASSWORD);
        String spare = ticket(olu);
        try (SignalingClient view = SignalingClient.connect(TestServers.webSocket(server));
             SignalingClient late = SignalingClient.connect(TestServers.webSocket(server))) {
            view.request(watch(ticket(olu)), TIMEOUT);
            view.awaitEvent("dashboard", TIMEOUT);
            assertEquals(204, olu.delete("/api/session").status());
            JsonNode error = view.awaitEvent("error", TIMEOUT);
            assertEquals("LOGGED_OUT", error.get("code").asText(), error.toString());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!view.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(view.isClosed(), "the server closed the view");
            assertEquals("TICKET_INVALID", refusal(late, watch(spare)), "a ticket of an ended login opens nothing");
        }
    }

    @Test
    void aDeletedAccountsViewCloses() throws Exception {
        AccountsApiTest.createAccount(admin, "dee", "operator", PASSWORD);
        ApiClient dee = AccountsApiTest.login(admin, "dee", PASSWORD);
        try (SignalingClient view = SignalingClient.connect(TestServers.webSocket(server))) {
            view.request(watch(ticket(dee)), TIMEOUT);
            assertEquals(204, admin.delete("/api/accounts/dee").status());
            assertEquals("LOGGED_OUT", view.awaitEvent("error", TIMEOUT).get("code").asText());
        }
    }

    private static String meeting(String title) {
        return "{\"title\": \"" + title + "\", \"languages\": [\"en\", \"fr\"], \"floorLanguage\": \"en\"}";
    }

    private static void join(SignalingClient client, ApiClient owner, String meetingId, String name) throws Exception {
        String token = owner.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"" + name + "\"}")
                .get("token").asText();
        client.request(SignalingClient.message("join").put("token", token), TIMEOUT);
    }

    private static String ticket(ApiClient session) {
        ApiClient.Reply reply = session.post("/api/session/dashboard-ticket", null);
        assertEquals(200, reply.status(), reply.raw().body());
        assertEquals("no-store", reply.header("cache-control"));
        assertFalse(reply.body().get("expiresAt").asText().isEmpty());
        return reply.body().get("ticket").asText();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode watch(String ticket) {
        return SignalingClient.message("watchDashboard").put("ticket", ticket);
    }

    private static String refusal(SignalingClient client, com.fasterxml.jackson.databind.node.ObjectNode request) {
        return assertThrows(SignalingException.class, () -> client.request(request, TIMEOUT)).code();
    }

    private static Set<String> meetingIds(JsonNode message) {
        Set<String> ids = new HashSet<>();
        message.get("meetings").forEach(meeting -> ids.add(meeting.get("meeting").asText()));
        return ids;
    }
}
