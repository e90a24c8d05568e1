package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;

/**
 * {@code limits.participantsPerMeeting}: a join to a full meeting gets {@code LIMIT_EXCEEDED} and is
 * counted, the participants inside (a call with its tone) notice nothing, and a seat that frees up can
 * be taken again.
 */
@Timeout(120)
class ParticipantLimitEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int CAPACITY = 4;
    private static final int REFUSED_JOINS = 50;

    private ParleyServer server;

    @BeforeEach
    void start() throws Exception {
        SignalingLimits limits = ParleyConfig.defaults().limits().withParticipantsPerMeeting(CAPACITY);
        server = MediaTestServer.start(config -> config.withLimits(limits));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aFullMeetingRefusesJoinsWithLimitExceededWhileItsCallGoesOn() throws Exception {
        List<SignalingClient> clients = new ArrayList<>();
        try (OngoingCall call = OngoingCall.start(server)) {
            for (int i = 0; i < CAPACITY - 2; i++) {
                SignalingClient seated = SignalingClient.connect(MediaTestServer.webSocket(server));
                clients.add(seated);
                seated.join("demo", "Seated " + i);
            }
            double before = MediaTestServer.counter(server, "parley.limit.refusals", "limit",
                    SignalingLimits.PARTICIPANTS_PER_MEETING);

            SignalingClient latecomer = SignalingClient.connect(MediaTestServer.webSocket(server));
            clients.add(latecomer);
            for (int i = 0; i < REFUSED_JOINS; i++) {
                SignalingException refused = assertThrows(SignalingException.class,
                        () -> latecomer.join("demo", "Latecomer"));
                assertEquals("LIMIT_EXCEEDED", refused.code());
                assertTrue(refused.getMessage().contains("limit participantsPerMeeting: meeting \"demo\" is full: "
                        + CAPACITY + " participants"), refused.getMessage());
            }
            assertEquals(REFUSED_JOINS, MediaTestServer.counter(server, "parley.limit.refusals", "limit",
                    SignalingLimits.PARTICIPANTS_PER_MEETING) - before);
            assertEquals(CAPACITY, server.meetings().meeting("demo").participants().size());

            // A seat frees up: the same connection joins now.
            clients.getFirst().close();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (server.meetings().meeting("demo").participants().size() == CAPACITY && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("joined", latecomer.join("demo", "Latecomer").get("type").asText());

            call.assertNoGap("after the refused joins");
        } finally {
            clients.forEach(SignalingClient::close);
        }
    }
}
