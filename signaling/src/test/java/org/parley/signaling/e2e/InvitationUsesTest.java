package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;
import org.parley.signaling.sip.SipTestClient;
import org.parley.signaling.sip.Sipp;

/**
 * {@code limits.joinsPerInvitation}: one personal invitation admits at most that many participants at
 * once, WebSocket joins and SIP calls together; the next gets {@code LIMIT_EXCEEDED} (SIP: 486 with a
 * Warning, sipp), counted, while those in stay in; a seat that frees up can be taken again. Observer
 * links are shared and have their own, larger bound. Concurrent joins cannot overshoot. A WebRTC call in
 * another meeting keeps its tone without a gap through the refusals.
 */
@Timeout(120)
class InvitationUsesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int PERSONAL = 2;
    private static final int OBSERVER = 4;

    @RegisterExtension
    final SipTestMeeting sip = new SipTestMeeting("""
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en"}
            """, limits -> limits.withJoinsPerInvitation(PERSONAL, OBSERVER));
    private final List<SignalingClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(SignalingClient::close);
    }

    private SignalingClient connect() throws Exception {
        SignalingClient client = SignalingClient.connect(MediaTestServer.webSocket(sip.server()));
        clients.add(client);
        return client;
    }

    private static JsonNode join(SignalingClient client, String token) throws Exception {
        return client.request(SignalingClient.message("join").put("token", token), TIMEOUT);
    }

    private double refusals(String limit) {
        return sip.counter("parley.limit.refusals", "limit", limit);
    }

    @Test
    void aDelegateInvitationAdmitsTwoAtOnceOverWebSocketAndSipTogether() throws Exception {
        JsonNode invitation = sip.api().invite(sip.id(), "{\"role\": \"delegate\", \"name\": \"Ms Lund\"}");
        String token = invitation.get("token").asText();
        String invitationId = invitation.get("invitationId").asText();

        try (OngoingCall call = OngoingCall.start(sip.server())) {
            assertEquals("joined", join(connect(), token).get("type").asText());
            try (SipTestClient room = new SipTestClient(sip.sipPort())) {
                assertEquals(200, room.invite(token).status(), "the second use: a SIP call");

                SignalingClient third = connect();
                SignalingException refused = assertThrows(SignalingException.class, () -> join(third, token));
                assertEquals("LIMIT_EXCEEDED", refused.code());
                assertTrue(refused.getMessage().contains("limit joinsPerInvitation: invitation " + invitationId
                        + " is in use by 2 participants"), refused.getMessage());

                Sipp.Result busy = Sipp.run("refused_486.xml", sip.sipPort(), token);
                assertEquals(0, busy.exitCode(), busy.output());
                assertTrue(busy.output().contains("limit joinsPerInvitation"), "Warning names the limit: " + busy.output());
                assertEquals(1, sip.media().legs().size(), "no audio opened for the refused call");

                assertEquals(2, refusals(SignalingLimits.JOINS_PER_INVITATION));
                assertEquals(2, sip.participants(), "those in stay in");

                // The call hangs up: its seat is free for the connection that was refused.
                assertEquals(200, room.bye());
                assertEquals("joined", join(third, token).get("type").asText());
                assertEquals(2, sip.participants());
            }
            // Another delegate's invitation is a budget of its own.
            String other = sip.token("{\"role\": \"delegate\", \"name\": \"Mr Berg\"}");
            assertEquals("joined", join(connect(), other).get("type").asText());
            assertEquals(2, refusals(SignalingLimits.JOINS_PER_INVITATION));
            call.assertNoGap("after the refusals");
        }
    }

    @Test
    void anObserverLinkIsSharedUpToItsOwnBound() throws Exception {
        String token = sip.token("{\"role\": \"observer\", \"name\": \"Public gallery\"}");
        for (int i = 0; i < OBSERVER; i++) {
            assertEquals("joined", join(connect(), token).get("type").asText(), "observer " + i);
        }
        SignalingClient extra = connect();
        SignalingException refused = assertThrows(SignalingException.class, () -> join(extra, token));
        assertEquals("LIMIT_EXCEEDED", refused.code());
        assertTrue(refused.getMessage().contains("limit joinsPerObserverInvitation: invitation "), refused.getMessage());
        assertEquals(1, refusals(SignalingLimits.JOINS_PER_OBSERVER_INVITATION));
        assertEquals(0, refusals(SignalingLimits.JOINS_PER_INVITATION));
        assertEquals(OBSERVER, sip.observers(), "observers listen outside the roster");
        assertEquals(0, sip.participants());
    }

    @Test
    void concurrentJoinsOnOneInvitationCannotOvershoot() throws Exception {
        String token = sip.token("{\"role\": \"delegate\", \"name\": \"Shared\"}");
        int racers = 12;
        List<SignalingClient> connected = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            connected.add(connect());
        }
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (SignalingClient client : connected) {
                outcomes.add(pool.submit(() -> {
                    go.await();
                    try {
                        return join(client, token).get("type").asText();
                    } catch (SignalingException e) {
                        return e.code();
                    }
                }));
            }
            go.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(30, TimeUnit.SECONDS));
            }
            assertEquals(PERSONAL, results.stream().filter("joined"::equals).count(), results.toString());
            assertEquals(racers - PERSONAL, results.stream().filter("LIMIT_EXCEEDED"::equals).count(), results.toString());
            assertEquals(PERSONAL, sip.participants());
            assertEquals(racers - PERSONAL, refusals(SignalingLimits.JOINS_PER_INVITATION));
        } finally {
            pool.shutdownNow();
        }
    }
}
