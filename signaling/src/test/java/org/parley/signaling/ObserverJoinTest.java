package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.signaling.WsTestClient.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.signaling.config.AuthConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SignalingLimits;

/**
 * Observers over a real WebSocket (no media core): who may join listen-only without a token, the compact
 * {@code joined}, that nobody hears of observers and they hear of nobody, and what an observer is refused.
 */
class ObserverJoinTest {

    private static final byte[] TOKEN_KEY = "a test key of thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);
    /** A chaired meeting that is not open, with a booth: the ITU plenary's shape. */
    private static final String PLENARY = """
            {"title": "Plenary", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
             "anonymousObservers": true}
            """;
    private static final String LISTEN = "{\"type\":\"join\",\"id\":1,\"meeting\":\"%s\",\"listenOnly\":true}";

    private ParleyServer server;
    private HttpClient http;
    private ApiClient api;
    private final List<WsTestClient> clients = new ArrayList<>();

    private void start(SignalingLimits limits) throws Exception {
        server = TestServers.start(ParleyConfig.defaults().withLimits(limits)
                .withAuth(new AuthConfig(Optional.of(Base64.getEncoder().encodeToString(TOKEN_KEY)))));
        http = HttpClient.newHttpClient();
        api = new ApiClient(http, server.httpPort(), server.adminKey());
    }

    private void start() throws Exception {
        start(ParleyConfig.defaults().limits());
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private WsTestClient connect() {
        WsTestClient client = WsTestClient.connect(http, server.httpPort());
        clients.add(client);
        return client;
    }

    private WsTestClient joinedWithToken(String meetingId, String invitation) {
        String token = api.invite(meetingId, invitation).get("token").asText();
        WsTestClient client = connect();
        if (invitation.contains("\"chair\"") || invitation.contains("\"operator\"")) {
            client.ignoring("roster");
        }
        JsonNode joined = client.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"}");
        assertEquals("joined", joined.get("type").asText(), joined.toString());
        return client;
    }

    private WsTestClient anonymousObserver(String meetingId) {
        WsTestClient client = connect();
        JsonNode joined = client.request(LISTEN.formatted(meetingId));
        assertEquals("joined", joined.get("type").asText(), joined.toString());
        return client;
    }

    /**
     * Asserts that nothing reached {@code client} before the reply to a ping sent now: messages on one
     * connection are sent in order, so any event caused earlier would come first.
     */
    private static void assertNothingPending(WsTestClient client, String why) {
        JsonNode next = client.request("{\"type\":\"ping\",\"id\":\"barrier\"}");
        assertEquals("pong", next.get("type").asText(), why + ": " + next);
    }

    private static String offer(String sdp) throws IOException {
        return "{\"type\":\"offer\",\"id\":2,\"sdp\":" + ApiClient.JSON.writeValueAsString(sdp) + "}";
    }

    private double refusals(String request) {
        return server.meterRegistry().get("parley.observer.refusals").tag("request", request).counter().count();
    }

    @Test
    void anonymousObserversNeedTheMeetingsPermissionAndGetACompactWelcome() throws Exception {
        start();
        String plenary = api.createMeeting(PLENARY);
        String closed = api.createMeeting("""
                {"title": "Closed", "languages": ["en"], "floorLanguage": "en"}
                """);

        JsonNode joined = connect().request(LISTEN.formatted(plenary));
        assertEquals("joined", joined.get("type").asText(), joined.toString());
        assertEquals("observer", joined.get("role").asText());
        assertEquals(List.of("en", "fr"), ApiClient.JSON.convertValue(joined.get("languages"), List.class));
        assertEquals(4, joined.get("tierPolicy").size(), joined.toString());
        for (String roster : new String[] {"participants", "producers", "floor", "booths"}) {
            assertFalse(joined.has(roster), "an observer's joined has no " + roster + ": " + joined);
        }
        assertEquals(1, server.meetings().meeting(plenary).observerCount());
        assertEquals(0, server.meetings().meeting(plenary).size(), "observers are not in the roster");

        // Anonymous observers are not anonymous delegates, and a meeting without the permission has neither.
        JsonNode delegate = connect().request("{\"type\":\"join\",\"id\":1,\"meeting\":\"" + plenary + "\",\"name\":\"D\"}");
        assertError(delegate, "TOKEN_REQUIRED");
        assertTrue(delegate.get("message").asText().contains("listenOnly"), delegate.toString());
        assertError(connect().request(LISTEN.formatted(closed)), "TOKEN_REQUIRED");

        // The configured demo is open: a plain join is still a delegate, a listen-only one an observer.
        assertEquals("delegate", connect().request("{\"type\":\"join\",\"id\":1,\"meeting\":\"demo\",\"name\":\"Ada\"}")
                .get("role").asText());
        assertEquals("observer", connect().request(LISTEN.formatted("demo")).get("role").asText());

        // A name is optional for an observer but checked when given; listenOnly must be a boolean.
        assertError(connect().request("{\"type\":\"join\",\"id\":1,\"meeting\":\"" + plenary
                + "\",\"listenOnly\":true,\"name\":\"  \"}"), "BAD_MESSAGE");
        assertError(connect().request("{\"type\":\"join\",\"id\":1,\"meeting\":\"" + plenary
                + "\",\"listenOnly\":\"yes\"}"), "BAD_MESSAGE");
        // Only an observer's token may be listen-only.
        String delegateToken = api.invite(plenary, "{\"role\": \"delegate\", \"name\": \"Del\"}").get("token").asText();
        assertError(connect().request("{\"type\":\"join\",\"id\":1,\"token\":\"" + delegateToken
                + "\",\"listenOnly\":true}"), "BAD_MESSAGE");
        String observerToken = api.invite(plenary, "{\"role\": \"observer\"}").get("token").asText();
        JsonNode invited = connect().request("{\"type\":\"join\",\"id\":1,\"token\":\"" + observerToken
                + "\",\"listenOnly\":true}");
        assertEquals("observer", invited.get("role").asText(), invited.toString());
        assertFalse(invited.has("participants"), "an invited observer is as compact: " + invited);
        assertEquals(2, server.meetings().meeting(plenary).observerCount());
    }

    /**
     * The webcast page's connection: an anonymous observer that joins and then sends nothing, no offer
     * ever. The join deadline is for connections that never join, and the server's pings (answered by the
     * client's WebSocket stack) keep a quiet one, so it stays past both and gets the captions.
     */
    @Test
    void anObserverThatNeverOffersStaysJoinedAndGetsTheCaptions() throws Exception {
        int seconds = 1;
        start(ParleyConfig.defaults().limits().withConnections(
                new SignalingLimits.ConnectionLimits(seconds, seconds, 200, 5, 200)));
        String plenary = api.createMeeting(PLENARY);
        WsTestClient neverJoins = connect();
        WsTestClient observer = anonymousObserver(plenary);
        long joined = System.nanoTime();
        WsTestClient chair = joinedWithToken(plenary, "{\"role\": \"chair\", \"name\": \"Chair\"}");
        assertEquals(1008, neverJoins.awaitClose(), "a connection that never joins is closed");
        // Past the idle close too (nothing read for twice idleSeconds), before anything is asked of the observer.
        long waitMillis = 3000L * seconds - (System.nanoTime() - joined) / 1_000_000;
        if (waitMillis > 0) {
            Thread.sleep(waitMillis);
        }
        assertEquals("captionSent", chair.ignoring("roster", "participantJoined", "floor", "booths", "caption")
                .request("{\"type\":\"caption\",\"id\":5,\"text\":\"Order, please.\"}").get("type").asText());
        JsonNode caption = observer.next();
        assertEquals("caption", caption.get("type").asText(), caption.toString());
        assertEquals("Order, please.", caption.get("text").asText());
        assertEquals(1, server.meetings().meeting(plenary).observerCount());
    }

    @Test
    void nobodyHearsOfObserversAndObserversHearOfNobody() throws Exception {
        start();
        String plenary = api.createMeeting(PLENARY);
        WsTestClient delegate = joinedWithToken(plenary, "{\"role\": \"delegate\", \"name\": \"Del\"}");
        WsTestClient observer = anonymousObserver(plenary);
        WsTestClient invited = joinedWithToken(plenary, "{\"role\": \"observer\", \"name\": \"Gallery\"}");
        assertNothingPending(delegate, "no participantJoined about observers");

        // The roster moves: a chair and an interpreter arrive, a hand goes up, the floor changes language.
        WsTestClient chair = joinedWithToken(plenary, "{\"role\": \"chair\", \"name\": \"Chair\"}");
        WsTestClient interpreter = joinedWithToken(plenary,
                "{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}");
        assertEquals("hand", delegate.ignoring("participantJoined", "floor", "booths")
                .request("{\"type\":\"raiseHand\",\"id\":3,\"raised\":true}").get("type").asText());
        assertEquals("floorLanguage", chair.ignoring("roster", "participantJoined", "floor", "booths", "caption")
                .request("{\"type\":\"setFloorLanguage\",\"id\":4,\"language\":\"fr\"}").get("type").asText());
        // A caption is what a listener needs: it reaches the observers, and is the first thing that does.
        assertEquals("captionSent", chair.request("{\"type\":\"caption\",\"id\":5,\"text\":\"Order, please.\"}")
                .get("type").asText());
        for (WsTestClient listener : List.of(observer, invited)) {
            JsonNode first = listener.next();
            assertEquals("caption", first.get("type").asText(), "nothing of the roster, the floor or the booths: " + first);
            assertEquals("Order, please.", first.get("text").asText());
            assertEquals("fr", first.get("language").asText(), "the floor language now");
            assertTrue(first.get("floor").asBoolean(), "the floor's caption: " + first);
            assertNothingPending(listener, "nothing else");
        }

        // Late arrivals are told of the roster only, and the chair sees a count.
        JsonNode late = connect().request("{\"type\":\"join\",\"id\":1,\"token\":\"" + api.invite(plenary,
                "{\"role\": \"delegate\", \"name\": \"Late\"}").get("token").asText() + "\"}");
        List<String> listed = new ArrayList<>();
        late.get("participants").forEach(entry -> listed.add(entry.get("name").asText()));
        assertEquals(List.of("Del", "Chair", "Camille"), listed, late.toString());
        WsTestClient operator = connect();
        operator.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + api.invite(plenary,
                "{\"role\": \"operator\", \"name\": \"Op\"}").get("token").asText() + "\"}");
        JsonNode roster = operator.next();
        while (!roster.path("type").asText().equals("roster")) {
            roster = operator.next();
        }
        assertEquals(2, roster.get("observers").asInt(), roster.toString());
        assertEquals(5, roster.get("participants").size(), "observers are counted, never listed: " + roster);
        JsonNode meeting = api.get("/api/meetings/" + plenary).body();
        assertEquals(2, meeting.get("observers").asInt(), meeting.toString());
        assertEquals(5, meeting.get("participants").asInt());

        // Observers leave unnoticed.
        assertEquals("left", observer.request("{\"type\":\"leave\",\"id\":6}").get("type").asText());
        invited.close();
        interpreter.request("{\"type\":\"ping\",\"id\":7}");
        delegate.ignoring("participantJoined", "floor", "booths", "caption");
        assertNothingPending(delegate, "no participantLeft about observers");
        awaitObservers(plenary, 0);
    }

    /** Waits, bounded, until the meeting has {@code count} observers: a closed WebSocket leaves soon after. */
    private void awaitObservers(String meetingId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.meetings().meeting(meetingId).observerCount() != count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, server.meetings().meeting(meetingId).observerCount());
    }

    @Test
    void anObserverListensOnOneLineAndNothingElse() throws Exception {
        start();
        String plenary = api.createMeeting(PLENARY);
        WsTestClient delegate = joinedWithToken(plenary, "{\"role\": \"delegate\", \"name\": \"Del\"}");
        String delegateId = server.meetings().meeting(plenary).participants().getFirst().id();
        WsTestClient observer = anonymousObserver(plenary);

        assertError(observer.request(offer(ChromeOffers.fourSubscribes())), "FORBIDDEN");
        assertError(observer.request(offer(ChromeOffers.publishAndThreeSubscribes())), "FORBIDDEN");
        JsonNode publishing = observer.request(offer(ChromeOffers.onePublish()));
        assertError(publishing, "FORBIDDEN");
        assertTrue(publishing.get("message").asText().contains("cannot publish"), publishing.toString());
        JsonNode inactive = observer.request(offer(ChromeOffers.oneSubscribe().replace("a=recvonly", "a=inactive")));
        assertError(inactive, "FORBIDDEN");
        assertTrue(inactive.get("message").asText().contains("exactly one recvonly audio m-line"), inactive.toString());
        JsonNode video = observer.request(offer(ChromeOffers.oneSubscribe().replace("m=audio ", "m=video ")));
        assertError(video, "FORBIDDEN");
        assertEquals(5, refusals("offer"));
        // The one line passes every check and reaches the (absent) media core.
        assertError(observer.request(offer(ChromeOffers.oneSubscribe())), "MEDIA_UNAVAILABLE");

        assertError(observer.request("{\"type\":\"subscribe\",\"id\":3,\"mid\":\"0\",\"producerId\":\"" + delegateId
                + "/0\"}"), "FORBIDDEN");
        assertEquals(1, refusals("subscribe"));
        for (String request : new String[] {"{\"type\":\"raiseHand\",\"id\":4,\"raised\":true}",
                "{\"type\":\"caption\",\"id\":4,\"text\":\"hello\"}", "{\"type\":\"boothChat\",\"id\":4,\"text\":\"hi\"}",
                "{\"type\":\"micOn\",\"id\":4}", "{\"type\":\"endMeeting\",\"id\":4}",
                "{\"type\":\"grantFloor\",\"id\":4,\"participantId\":\"" + delegateId + "\"}"}) {
            assertError(observer.request(request), "FORBIDDEN");
        }
        // The chair cannot find an observer to give the floor to: it is in no roster.
        WsTestClient chair = joinedWithToken(plenary, "{\"role\": \"chair\", \"name\": \"Chair\"}");
        assertTrue(server.meetings().meeting(plenary).participants().stream()
                .noneMatch(p -> p.role().wireName().equals("observer")), "no observer in the roster");
        assertNothingPending(delegate.ignoring("participantJoined", "floor"), "the refusals told the others nothing");
        assertEquals("pong", chair.request("{\"type\":\"ping\",\"id\":9}").get("type").asText());
    }

    @Test
    void observersHaveTheirOwnCapacityAndTheAddressLimitsStillApply() throws Exception {
        start(ParleyConfig.defaults().limits().withParticipantsPerMeeting(1).withObserversPerMeeting(2));
        String plenary = api.createMeeting(PLENARY);
        joinedWithToken(plenary, "{\"role\": \"delegate\", \"name\": \"Del\"}");
        anonymousObserver(plenary);
        joinedWithToken(plenary, "{\"role\": \"observer\", \"name\": \"Gallery\"}");
        JsonNode third = connect().request(LISTEN.formatted(plenary));
        assertError(third, "LIMIT_EXCEEDED");
        assertTrue(third.get("message").asText().startsWith("limit observersPerMeeting: "), third.toString());
        assertEquals(1, server.meterRegistry().get("parley.limit.refusals").tag("limit", "observersPerMeeting")
                .counter().count());
        assertEquals(0, server.meterRegistry().get("parley.limit.refusals").tag("limit", "participantsPerMeeting")
                .counter().count(), "the full roster did not keep the observers out");

        stop();
        start(ParleyConfig.defaults().limits().withConnections(new SignalingLimits.ConnectionLimits(30, 30, 200, 0.001, 2)));
        String meeting = api.createMeeting(PLENARY);
        WsTestClient first = connect();
        assertEquals("joined", first.request(LISTEN.formatted(meeting)).get("type").asText());
        assertEquals("joined", connect().request(LISTEN.formatted(meeting)).get("type").asText());
        JsonNode burst = connect().request(LISTEN.formatted(meeting));
        assertError(burst, "LIMIT_EXCEEDED");
        assertTrue(burst.get("message").asText().startsWith("limit joinsPerSecondPerAddress: "), burst.toString());
    }

    @Test
    void theSettingFollowsTheApiAndObserversHearWhatTheyNeed() throws Exception {
        start();
        String plenary = api.createMeeting(PLENARY);
        assertTrue(api.get("/api/meetings/" + plenary).body().get("anonymousObservers").asBoolean());
        WsTestClient observer = anonymousObserver(plenary);

        // The organiser narrows the tiers and stops anonymous joins: the observer already in stays and is told its tiers.
        ApiClient.Reply updated = api.put("/api/meetings/" + plenary, """
                {"title": "Plenary", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                 "tierPolicy": ["standard", "low"]}
                """);
        assertEquals(200, updated.status(), updated.raw().body());
        JsonNode tiers = observer.next();
        assertEquals("tierPolicy", tiers.get("type").asText(), tiers.toString());
        assertEquals(2, tiers.get("tiers").size());
        assertFalse(api.get("/api/meetings/" + plenary).body().get("anonymousObservers").asBoolean());
        assertError(connect().request(LISTEN.formatted(plenary)), "TOKEN_REQUIRED");

        // The end of the meeting reaches the observer, which is then disconnected.
        WsTestClient operator = joinedWithToken(plenary, "{\"role\": \"operator\", \"name\": \"Op\"}");
        assertEquals("meetingEnded", operator.request("{\"type\":\"endMeeting\",\"id\":8}").get("type").asText());
        JsonNode ended = observer.next();
        assertEquals("meetingEnded", ended.get("type").asText(), ended.toString());
        assertEquals(1000, observer.awaitClose());
    }
}
