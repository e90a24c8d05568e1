package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.media.MediaConfig;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.StoreConfig;

/**
 * The participation log's channel time, with the media core running: negotiation and routing happen
 * (no ICE is needed for that), so subscriptions are real and the log records what each m-line forwarded.
 */
class ChannelTimeTest {

    private ParleyServer server;
    private HttpClient http;
    private ApiClient api;

    @BeforeEach
    void start() throws Exception {
        server = ParleyServer.start(ParleyConfig.defaults()
                .withHttp(new HttpConfig("127.0.0.1", 0))
                .withSip(new SipConfig(true, "127.0.0.1", 0))
                .withMedia(MediaConfig.udpOnly("127.0.0.1", "127.0.0.1", 0))
                .withStore(new StoreConfig(TestServers.freshDataDirectory())));
        http = HttpClient.newHttpClient();
        api = new ApiClient(http, server.httpPort(), server.adminKey());
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
    }

    private static String offer(String sdp) throws IOException {
        return "{\"type\":\"offer\",\"id\":2,\"sdp\":" + ApiClient.JSON.writeValueAsString(sdp) + "}";
    }

    @Test
    void leavingRecordsTheTimeOnEachSubscribedChannel() throws IOException {
        String meetingId = api.createMeeting("{\"title\": \"Log\", \"languages\": [\"en\"], \"floorLanguage\": \"en\"}");
        String speakerToken = api.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"Speaker\"}").get("token").asText();
        String listenerToken = api.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"Listener\"}").get("token").asText();

        try (WsTestClient speaker = WsTestClient.connect(http, server.httpPort());
             WsTestClient listener = WsTestClient.connect(http, server.httpPort())) {
            speaker.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + speakerToken + "\"}");
            JsonNode answer = speaker.request(offer(ChromeOffers.publishAndThreeSubscribes()));
            assertEquals("answer", answer.get("type").asText(), answer.toString());
            String producerId = answer.get("producers").get(0).asText();

            String listenerId = listener.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + listenerToken + "\"}")
                    .get("participantId").asText();
            JsonNode listening = listener.request(offer(ChromeOffers.fourSubscribes()));
            assertEquals("answer", listening.get("type").asText(), listening.toString());
            assertEquals("subscribed", listener.request("{\"type\":\"subscribe\",\"id\":3,\"mid\":\"0\",\"producerId\":\""
                    + producerId + "\"}").get("type").asText());
            assertEquals("subscribed", listener.request("{\"type\":\"subscribe\",\"id\":4,\"mid\":\"1\",\"producerId\":\""
                    + producerId + "\"}").get("type").asText());
            assertEquals("unsubscribed", listener.request("{\"type\":\"unsubscribe\",\"id\":5,\"mid\":\"1\"}")
                    .get("type").asText());
            assertEquals("left", listener.request("{\"type\":\"leave\",\"id\":6}").get("type").asText());

            JsonNode log = api.get("/api/meetings/" + meetingId + "/participation").body();
            JsonNode entry = log.get(1);
            assertEquals(listenerId, entry.get("participantId").asText(), log.toString());
            assertEquals(1, entry.get("channels").size(), "two m-lines on one channel add up: " + entry);
            assertEquals(producerId, entry.get("channels").get(0).get("channel").asText());
            assertTrue(entry.get("channels").get(0).get("millis").asLong() >= 0);
            assertTrue(log.get(0).get("leftAt").isNull(), "the speaker is still in");
        }
    }

    private static String subscribeChannel(int id, String mid, String language) {
        return "{\"type\":\"subscribeChannel\",\"id\":" + id + ",\"mid\":\"" + mid + "\",\"language\":\"" + language
                + "\",\"variant\":\"mixed\",\"tier\":\"standard\"}";
    }

    private static void assertBetween(long low, long high, long actual, String what) {
        assertTrue(actual >= low && actual <= high, what + ": " + actual + " ms, expected " + low + ".." + high);
    }

    /**
     * The statistics count language channels, not m-lines: one m-line switching between languages adds
     * up to the time it played, a second m-line on the same channel adds nothing, and a live stay shows
     * what it has heard so far.
     */
    @Test
    void statisticsMinutesPerLanguageAddUpAcrossSwitches() throws Exception {
        String meetingId = api.createMeeting("""
                {"title": "Switches", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
                """);
        String token = api.invite(meetingId, "{\"role\": \"delegate\", \"name\": \"Listener\"}").get("token").asText();
        long stepMillis = 400;
        try (WsTestClient listener = WsTestClient.connect(http, server.httpPort()).ignoring("booths", "floor")) {
            String participantId = listener.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"}")
                    .get("participantId").asText();
            assertEquals("answer", listener.request(offer(ChromeOffers.fourSubscribes())).get("type").asText());

            long firstSent = System.nanoTime();
            assertEquals("subscribed", listener.request(subscribeChannel(3, "0", "en")).get("type").asText());
            long firstAnswered = System.nanoTime();
            Thread.sleep(stepMillis);
            assertEquals("subscribed", listener.request(subscribeChannel(4, "0", "fr")).get("type").asText());
            assertEquals("subscribed", listener.request(subscribeChannel(5, "1", "fr")).get("type").asText(),
                    "the same channel twice: heard once");
            Thread.sleep(stepMillis);
            JsonNode live = api.get("/api/statistics/meetings/" + meetingId).body().get("participations").get(0);
            assertTrue(live.get("leftAt").isNull());
            assertTrue(live.get("millisByLanguage").get("en").asLong() >= stepMillis - 1, "so far: " + live);
            assertEquals("unsubscribed", listener.request("{\"type\":\"unsubscribe\",\"id\":6,\"mid\":\"1\"}")
                    .get("type").asText());
            assertEquals("subscribed", listener.request(subscribeChannel(7, "0", "floor")).get("type").asText());
            Thread.sleep(stepMillis);
            assertEquals("subscribed", listener.request(subscribeChannel(8, "0", "en")).get("type").asText());
            Thread.sleep(stepMillis);
            long leaveSent = System.nanoTime();
            assertEquals("left", listener.request("{\"type\":\"leave\",\"id\":9}").get("type").asText());
            long leaveAnswered = System.nanoTime();

            JsonNode stay = api.get("/api/statistics/meetings/" + meetingId).body().get("participations").get(0);
            assertEquals(participantId, stay.get("participationId").asText());
            assertEquals("left", stay.get("leaveReason").asText());
            assertEquals("browser", stay.get("access").asText());
            JsonNode millis = stay.get("millisByLanguage");
            assertEquals(List.of("floor", "en", "fr"), fieldNames(millis), "the floor first: " + stay);
            long en = millis.get("en").asLong();
            long fr = millis.get("fr").asLong();
            long floor = millis.get("floor").asLong();
            // Each step lasts at least its sleep; all steps together at most what the client saw end to end.
            long slack = (leaveAnswered - firstSent) / 1_000_000 - 4 * stepMillis;
            assertBetween(2 * stepMillis - 2, 2 * stepMillis + slack, en, "en, twice");
            assertBetween(stepMillis - 1, stepMillis + slack, fr, "fr, once though on two m-lines");
            assertBetween(stepMillis - 1, stepMillis + slack, floor, "floor");
            assertBetween((leaveSent - firstAnswered) / 1_000_000 - 3, (leaveAnswered - firstSent) / 1_000_000,
                    en + fr + floor, "the channels of one m-line add up to the time it played");
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
