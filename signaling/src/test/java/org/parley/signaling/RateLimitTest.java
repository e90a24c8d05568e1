package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;
import org.parley.signaling.config.SignalingLimits;

class RateLimitTest {

    /** Burst of 5, then one message every 10 s: sending 30 at once certainly exceeds it. */
    private static final SignalingLimits TIGHT = new SignalingLimits(0.1, 5);
    private static final int SENT = 30;

    @Test
    void excessMessagesAreDroppedCountedAndReportedOnce() throws Exception {
        try (ParleyServer server = TestServers.start(TIGHT);
             HttpClient http = HttpClient.newHttpClient();
             WsTestClient client = WsTestClient.connect(http, server.httpPort())) {
            for (int i = 0; i < SENT; i++) {
                client.send("{\"type\":\"ping\",\"id\":" + i + "}");
            }
            int pongs = 0;
            int rateLimited = 0;
            // The burst is answered, then one error; everything else is dropped silently.
            for (int i = 0; i < 6; i++) {
                JsonNode message = client.next();
                if (message.get("type").asText().equals("pong")) {
                    pongs++;
                } else {
                    assertEquals("RATE_LIMITED", message.get("code").asText());
                    rateLimited++;
                }
            }
            assertEquals(5, pongs);
            assertEquals(1, rateLimited);

            double dropped = TestServers.counter(server, "parley.ws.frames.dropped", "reason", "rate_limited");
            double reported = TestServers.counter(server, "parley.signaling.errors", "code", "RATE_LIMITED");
            assertTrue(dropped >= 1 && dropped <= SENT - 5, "dropped " + dropped);
            assertTrue(reported >= 1 && reported <= dropped, "reported " + reported);
            assertEquals(1, server.meetings().meetingCount());
            // Excess is not punished by a disconnect.
            assertEquals(1, server.meterRegistry().get("parley.ws.connections").gauge().value());
        }
    }
}
