package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
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
        String listenerToken = api.invite(meetingId, "{\"role\": \"observer\", \"name\": \"Listener\"}").get("token").asText();

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

}
