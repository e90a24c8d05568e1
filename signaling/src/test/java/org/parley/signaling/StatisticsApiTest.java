package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.statistics.CsvReading;
import org.parley.signaling.statistics.StatisticsCsv;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.store.StatisticsRecord;

/**
 * The e-participation statistics over real HTTP and WebSockets, against an in-process server without
 * media: they outlive the meeting's deletion, say why each stay ended, export as CSV, are read by an
 * organiser for its own meetings only, and refuse bad queries with a message naming the parameter.
 */
class StatisticsApiTest {

    private static final String MEETING = """
            {"title": "Conseil, \\"plénière\\"", "languages": ["en", "fr"], "floorLanguage": "en"}
            """;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Path dataDirectory;
    private ParleyServer server;
    private HttpClient http;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        dataDirectory = TestServers.freshDataDirectory();
        server = TestServers.start(ParleyConfig.defaults(), dataDirectory);
        http = HttpClient.newHttpClient();
        api = new ApiClient(http, server.httpPort(), server.adminKey());
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    private WsTestClient joined(String token) {
        WsTestClient client = WsTestClient.connect(http, server.httpPort()).ignoring("roster", "participantJoined",
                "participantLeft", "floor", "booths");
        JsonNode joined = client.request("{\"type\":\"join\",\"id\":1,\"name\":\"Guest\",\"token\":\"" + token + "\"}");
        assertEquals("joined", joined.get("type").asText(), joined.toString());
        return client;
    }

    /** The meeting's statistics once {@code condition} holds (leaves are recorded as the server sees them). */
    private JsonNode meetingStatistics(String meetingId, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            ApiClient.Reply reply = api.get("/api/statistics/meetings/" + meetingId);
            if (reply.status() == 200 && condition.test(reply.body())) {
                return reply.body();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the statistics never got there: " + reply.raw().body());
            }
            Thread.sleep(50);
        }
    }

    private static boolean allLeft(JsonNode statistics) {
        for (JsonNode participation : statistics.get("participations")) {
            if (participation.get("leaveReason").isNull()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode byRole(JsonNode statistics, String role) {
        for (JsonNode participation : statistics.get("participations")) {
            if (participation.get("role").asText().equals(role)) {
                return participation;
            }
        }
        throw new AssertionError("no " + role + " in " + statistics);
    }

    @Test
    void theStatisticsOutliveTheDeletedMeetingAndExportAsCsv() throws Exception {
        String meetingId = api.createMeeting(MEETING);
        JsonNode delegateInvitation = api.invite(meetingId, """
                {"role": "delegate", "name": "Ana", "country": "CH", "organisation": "Mission permanente, Genève"}
                """);
        assertEquals("CH", delegateInvitation.get("country").asText(), delegateInvitation.toString());
        assertEquals("Mission permanente, Genève", delegateInvitation.get("organisation").asText());
        String observerToken = api.invite(meetingId, "{\"role\": \"observer\"}").get("token").asText();

        try (WsTestClient delegate = joined(delegateInvitation.get("token").asText())) {
            WsTestClient observer = joined(observerToken);
            JsonNode live = meetingStatistics(meetingId, statistics -> statistics.get("participations").size() == 2);
            assertEquals(2, live.get("totals").get("present").asInt(), live.toString());
            assertEquals("left", delegate.request("{\"type\":\"leave\",\"id\":2}").get("type").asText());
            observer.close(); // without a leave: the connection is gone
        }
        meetingStatistics(meetingId, StatisticsApiTest::allLeft);

        assertEquals(204, api.delete("/api/meetings/" + meetingId).status());
        api.get("/api/meetings/" + meetingId + "/participation").assertError(404, "NOT_FOUND");

        JsonNode statistics = api.get("/api/statistics/meetings/" + meetingId).body();
        JsonNode delegate = byRole(statistics, "delegate");
        assertEquals("CH", delegate.get("country").asText(), statistics.toString());
        assertEquals("Mission permanente, Genève", delegate.get("organisation").asText());
        assertEquals("browser", delegate.get("access").asText());
        assertEquals("left", delegate.get("leaveReason").asText());
        assertEquals("Conseil, \"plénière\"", delegate.get("meetingTitle").asText());
        JsonNode observer = byRole(statistics, "observer");
        assertEquals("observer", observer.get("access").asText());
        assertEquals("disconnected", observer.get("leaveReason").asText());
        assertTrue(observer.get("country").isNull());
        JsonNode totals = statistics.get("totals");
        assertEquals(2, totals.get("participants").asInt());
        assertEquals(0, totals.get("present").asInt());
        assertEquals("{\"CH\":1,\"unknown\":1}", totals.get("byCountry").toString());
        assertEquals("{\"browser\":1,\"observer\":1}", totals.get("byAccess").toString());
        assertEquals("{\"disconnected\":1,\"left\":1}", totals.get("byLeaveReason").toString());
        assertTrue(statistics.get("meetings").get(0).get("webcastListeners").isNull(), "no webcast yet");

        // Across meetings by date: today's range has them too.
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        JsonNode range = api.get("/api/statistics?from=" + today + "&to=" + today).body();
        assertEquals(today, range.get("days").get(0).get("day").asText(), range.toString());
        assertEquals(2, range.get("days").get(0).get("participations").asInt());
        assertEquals(meetingId, range.get("meetings").get(0).get("id").asText());

        ApiClient.Reply csv = api.get("/api/statistics?from=" + today + "&to=" + today + "&format=csv");
        assertEquals(200, csv.status(), csv.raw().body());
        assertEquals(StatisticsCsv.MEDIA_TYPE, csv.header("content-type"));
        assertEquals("attachment; filename=\"parley-statistics-" + today + "-to-" + today + ".csv\"",
                csv.header("content-disposition"));
        assertEquals(StatisticsCsv.COLUMNS, CsvReading.header(csv.raw().body()), "no media: no channel columns");
        List<Map<String, String>> rows = CsvReading.read(csv.raw().body());
        assertEquals(2, rows.size(), csv.raw().body());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode participation = range.get("participations").get(i);
            Map<String, String> row = rows.get(i);
            assertEquals(participation.get("participationId").asText(), row.get("participation_id"));
            assertEquals(meetingId, row.get("meeting_id"));
            assertEquals("Conseil, \"plénière\"", row.get("meeting_title"));
            assertEquals(participation.get("role").asText(), row.get("role"));
            assertEquals(participation.get("access").asText(), row.get("access"));
            assertEquals(participation.get("country").asText(""), row.get("country"));
            assertEquals(participation.get("organisation").asText(""), row.get("organisation"));
            assertEquals(participation.get("joinedAt").asText(), row.get("joined_at"));
            assertEquals(participation.get("leftAt").asText(), row.get("left_at"));
            assertEquals(participation.get("leaveReason").asText(), row.get("leave_reason"));
        }
        ApiClient.Reply meetingCsv = api.get("/api/statistics/meetings/" + meetingId + "?format=csv");
        assertEquals("attachment; filename=\"parley-statistics-" + meetingId + ".csv\"",
                meetingCsv.header("content-disposition"));
        assertEquals(csv.raw().body(), meetingCsv.raw().body(), "the same rows");
    }

    private static List<String> meetingIds(JsonNode statistics) {
        List<String> ids = new ArrayList<>();
        statistics.get("meetings").forEach(meeting -> ids.add(meeting.get("id").asText()));
        return ids;
    }

    /**
     * An organiser reads the statistics of its own meetings, also once deleted, and never another's (a
     * {@code 404} as for a meeting nobody joined); operators and the admin key read every meeting's.
     */
    @Test
    void anOrganiserReadsOnlyTheStatisticsOfItsOwnMeetings() throws Exception {
        for (String[] account : new String[][] {{"ana", "organiser"}, {"bea", "organiser"}, {"olu", "operator"}}) {
            AccountsApiTest.createAccount(api, account[0], account[1], AccountsApiTest.PASSWORD);
        }
        ApiClient ana = AccountsApiTest.login(api, "ana", AccountsApiTest.PASSWORD);
        ApiClient bea = AccountsApiTest.login(api, "bea", AccountsApiTest.PASSWORD);
        ApiClient olu = AccountsApiTest.login(api, "olu", AccountsApiTest.PASSWORD);
        String anas = ana.createMeeting(MEETING);
        String beas = bea.createMeeting(MEETING);
        String admins = api.createMeeting(MEETING);
        try (WsTestClient inAnas = joined(ana.invite(anas, "{\"role\": \"delegate\", \"country\": \"KE\"}")
                .get("token").asText());
             WsTestClient inBeas = joined(bea.invite(beas, "{\"role\": \"delegate\"}").get("token").asText());
             WsTestClient inAdmins = joined(api.invite(admins, "{\"role\": \"delegate\"}").get("token").asText())) {
            for (String meetingId : List.of(anas, beas, admins)) {
                meetingStatistics(meetingId, statistics -> statistics.get("participations").size() == 1);
            }
        }
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String range = "/api/statistics?from=" + today + "&to=" + today;

        assertEquals(anas, ana.get("/api/statistics/meetings/" + anas).body().get("participations").get(0)
                .get("meetingId").asText());
        assertEquals("no statistics of meeting \"" + beas + "\": nobody has joined it",
                ana.get("/api/statistics/meetings/" + beas).assertError(404, "NOT_FOUND"));
        ana.get("/api/statistics/meetings/" + admins).assertError(404, "NOT_FOUND");
        JsonNode anasRange = ana.get(range).body();
        assertEquals(List.of(anas), meetingIds(anasRange), anasRange.toString());
        assertEquals(1, anasRange.get("participations").size());
        assertEquals("{\"KE\":1}", anasRange.get("totals").get("byCountry").toString());
        List<Map<String, String>> anasCsv = CsvReading.read(ana.get(range + "&format=csv").raw().body());
        assertEquals(List.of(anas), anasCsv.stream().map(row -> row.get("meeting_id")).toList());
        assertEquals(List.of(beas), meetingIds(bea.get(range).body()));

        // Deleted, the meeting's statistics are still hers alone.
        assertEquals(204, ana.delete("/api/meetings/" + anas).status());
        assertEquals(200, ana.get("/api/statistics/meetings/" + anas).status());
        bea.get("/api/statistics/meetings/" + anas).assertError(404, "NOT_FOUND");
        assertEquals(List.of(anas), meetingIds(ana.get(range).body()));

        assertEquals(Set.of(anas, beas, admins), Set.copyOf(meetingIds(olu.get(range).body())), "an operator reads all");
        assertEquals(200, olu.get("/api/statistics/meetings/" + anas).status());
        assertEquals(Set.of(anas, beas, admins), Set.copyOf(meetingIds(api.get(range).body())), "the admin key too");
    }

    @Test
    void eachStaySaysWhyItEnded() throws Exception {
        String meetingId = api.createMeeting(MEETING);
        JsonNode revoked = api.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"Rev\"}");
        try (WsTestClient client = joined(revoked.get("token").asText())) {
            assertEquals(204, api.delete("/api/meetings/" + meetingId + "/invitations/"
                    + revoked.get("invitationId").asText()).status());
            assertEquals("TOKEN_REVOKED", client.next().get("code").asText());
        }
        try (WsTestClient operator = joined(api.invite(meetingId, "{\"role\": \"operator\"}").get("token").asText());
             WsTestClient delegate = joined(api.invite(meetingId, "{\"role\": \"delegate\"}").get("token").asText())) {
            assertEquals("meetingEnded", operator.request("{\"type\":\"endMeeting\",\"id\":2}").get("type").asText());
            assertEquals("meetingEnded", delegate.next().get("type").asText());
        }
        JsonNode statistics = meetingStatistics(meetingId, StatisticsApiTest::allLeft);
        assertEquals("{\"ended\":2,\"revoked\":1}", statistics.get("totals").get("byLeaveReason").toString(),
                statistics.toString());
        assertEquals("revoked", statistics.get("participations").get(0).get("leaveReason").asText());
    }

    @Test
    void whoIsInWhenTheServerStopsLeavesForTheStop() throws Exception {
        String meetingId = api.createMeeting(MEETING);
        WsTestClient client = joined(api.invite(meetingId, "{\"role\": \"chair\"}").get("token").asText());
        meetingStatistics(meetingId, statistics -> statistics.get("participations").size() == 1);

        server.close();
        client.close();
        try (ParleyStore store = ParleyStore.open(dataDirectory)) {
            StatisticsRecord stay = store.statistics().forMeeting(meetingId).participations().getFirst();
            assertEquals("server-stop", stay.leaveReason());
            assertEquals(0, store.statistics().closeOpen("crash"), "nothing left open to take for a crash");
        }
        server = TestServers.start(ParleyConfig.defaults(), dataDirectory); // for stop()
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "from=2026-13-01|from: expected a date YYYY-MM-DD, got \"2026-13-01\"",
            "from=2026-02-30&to=2026-03-01|from: expected a date YYYY-MM-DD, got \"2026-02-30\"",
            "from=2026-01-01&to=2026-1-5|to: expected a date YYYY-MM-DD, got \"2026-1-5\"",
            "from=yesterday|from: expected a date YYYY-MM-DD, got \"yesterday\"",
            "from=2026-03-01&to=2026-02-01|to: 2026-02-01 is before from 2026-03-01",
            "from=2025-01-01&to=2026-01-02|from, to: at most 366 days in one request, got 367",
            "from=2026-01-01&to=2026-01-02&format=xml|format: expected \"json\" or \"csv\", got \"xml\"",
            "from=2026-01-01&from=2026-01-02|from: given 2 times",
            "since=2026-01-01|since: unknown query parameter (expected one of from, to, format)"})
    void badQueriesAreRefusedNamingTheParameter(String query, String message) {
        assertEquals(message, api.get("/api/statistics?" + query).assertError(400, "BAD_REQUEST"));
    }

    @Test
    void otherRefusals() {
        api.withKey(null).get("/api/statistics").assertError(401, "UNAUTHORIZED");
        api.post("/api/statistics", "{}").assertError(405, "METHOD_NOT_ALLOWED");
        api.get("/api/statistics/meetings/nobody-joined").assertError(404, "NOT_FOUND");
        api.get("/api/statistics/meetings/x?from=2026-01-01").assertError(400, "BAD_REQUEST");
        api.get("/api/statistics/people").assertError(404, "NOT_FOUND");
        assertEquals(200, api.get("/api/statistics").status(), "the last 30 days by default");
        assertEquals(200, api.get("/api/statistics?from=2025-01-01&to=2026-01-01").status(), "366 days at most");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"country\": \"ch\"|country: expected an ISO 3166-1 alpha-2 country code in capitals, such as \"CH\", got \"ch\"",
            "\"country\": \"XX\"|country: expected an ISO 3166-1 alpha-2 country code in capitals, such as \"CH\", got \"XX\"",
            "\"country\": \"CHE\"|country: expected 1 to 2 characters",
            "\"country\": 756|country: expected a string, got 756",
            "\"organisation\": \"\"|organisation: expected 1 to 200 characters"})
    void badInvitationFieldsAreRefused(String field, String message) {
        String meetingId = api.createMeeting(MEETING);
        assertEquals(message, api.post("/api/meetings/" + meetingId + "/invitations",
                "{\"role\": \"delegate\", " + field + "}").assertError(400, "BAD_REQUEST"));
    }

    @Test
    void anOrganisationOfAtMost200Characters() {
        String meetingId = api.createMeeting(MEETING);
        String longest = "組".repeat(200);
        assertEquals(longest, api.invite(meetingId, "{\"role\": \"delegate\", \"organisation\": \"" + longest + "\"}")
                .get("organisation").asText());
        assertEquals("organisation: expected 1 to 200 characters", api.post("/api/meetings/" + meetingId + "/invitations",
                "{\"role\": \"delegate\", \"organisation\": \"" + longest + "x\"}").assertError(400, "BAD_REQUEST"));
    }
}
