package org.parley.signaling.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SignalingClientTest {

    private StubSignalingServer server;
    private SignalingClient client;

    @BeforeEach
    void connect() throws Exception {
        server = new StubSignalingServer();
        client = SignalingClient.connect(server.uri());
    }

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void matchesTheReplyByIdAndQueuesEventsThatCameFirst() throws Exception {
        JsonNode joined = client.join("m1", "alice");
        assertEquals("joined", joined.path("type").asText());
        assertEquals("p1", joined.path("participantId").asText());
        assertEquals("prod-0", joined.path("producers").path(0).path("producerId").asText());

        JsonNode event = client.awaitEvent("participantJoined", Duration.ofSeconds(5));
        assertEquals("p0", event.path("participantId").asText());
    }

    @Test
    void reassemblesAFragmentedReply() throws Exception {
        JsonNode answer = client.offer("v=0\r\n");
        assertEquals(StubSignalingServer.LARGE_SDP, answer.path("sdp").asText());
        assertEquals("1", answer.path("consumers").path(0).path("mid").asText());
    }

    @Test
    void turnsAnErrorReplyIntoAnException() throws Exception {
        SignalingException error = assertThrows(SignalingException.class, () -> client.subscribe("1", "missing"));
        assertEquals("not-found", error.code());
        assertEquals("subscribed", client.subscribe("1", "prod-0").path("type").asText());
    }

    @Test
    void awaitingAnAbsentEventTimesOutAndNamesWhatIsQueued() throws Exception {
        client.join("m1", "alice");
        TimeoutException timeout = assertThrows(TimeoutException.class,
                () -> client.awaitEvent("producerAdded", Duration.ofMillis(200)));
        assertTrue(timeout.getMessage().contains("participantJoined"), timeout.getMessage());
    }

    @Test
    void aServerCloseFailsTheWaitingRequest() throws Exception {
        SignalingException closed = assertThrows(SignalingException.class,
                () -> client.request(SignalingClient.message("bye"), Duration.ofSeconds(5)));
        assertEquals(SignalingException.CONNECTION_CLOSED, closed.code());
        assertTrue(client.isClosed());
    }
}
