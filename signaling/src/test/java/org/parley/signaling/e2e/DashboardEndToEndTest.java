package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;

/**
 * The operators' dashboard against a live meeting of real libwebrtc peers: a floor speaker, a listener
 * on a clean link and one whose downlink loses 15 % of the server's RTP packets ({@link LossyUdpProxy}).
 * The admin key's view shows all three with their channel and media path; the lossy listener, and only
 * it, turns poor once its RTCP reports the loss, with a {@code linkPoor} alert and the loss in its
 * history; the mixer's load and the channel audiences are there; messages come at most once a second.
 * An operator's invitation opens the view of its meeting; a delegate's and a wrong key do not.
 */
@Timeout(120)
class DashboardEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** libwebrtc reports on received audio about every 5 s (0.5 to 1.5 times that). */
    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(25);
    private static final double DOWNLINK_LOSS = 0.15;
    private static final long SEED = 20260301L;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
                {"title": "Council", "languages": ["fr", "en"], "floorLanguage": "en", "booths": [{"language": "fr"}],
                 "floorControl": "open"}
                """);

    @Test
    void showsEveryParticipantAndOnlyTheLossyOneDegraded() throws Exception {
        try (LossyUdpProxy proxy = new LossyUdpProxy(LossyUdpProxy.DropPolicy.NONE,
                LossyUdpProxy.DropPolicy.random(DOWNLINK_LOSS, SEED));
             TonePeer floor = TonePeer.publishing(meeting.join("{\"role\": \"delegate\", \"name\": \"Floor\"}"), 440);
             TonePeer clean = TonePeer.listening(meeting.join("{\"role\": \"delegate\", \"name\": \"Clean\"}"));
             TonePeer lossy = TonePeer.listeningThrough(proxy,
                     meeting.join("{\"role\": \"delegate\", \"name\": \"Lossy\"}"));
             SignalingClient dashboard = SignalingClient.connect(MediaTestServer.webSocket(meeting.server()))) {
            long lossStart = System.nanoTime(); // the proxy drops from the first packet on
            lossy.subscribeChannel("floor", "mixed", "standard");
            clean.subscribeChannel("floor", "mixed", "standard");
            lossy.peer.awaitSamples(lossy.slot.mid(), 48_000, TIMEOUT);

            JsonNode first = dashboard.request(SignalingClient.message("watchDashboard")
                    .put("key", meeting.server().adminKey()), TIMEOUT);
            assertEquals("dashboard", first.get("type").asText());
            assertTrue(first.get("full").asBoolean());
            assertEquals("server", first.get("scope").asText());
            assertEquals(meeting.id(), first.at("/meetings/0/meeting").asText());

            long watchStart = System.nanoTime();
            List<JsonNode> alerts = new ArrayList<>();
            first.get("alerts").forEach(alerts::add);
            JsonNode degraded = "poor".equals(grade(first, "Lossy")) ? first : null;
            while (degraded == null) {
                long left = REPORT_TIMEOUT.toNanos() - (System.nanoTime() - watchStart);
                JsonNode message = dashboard.awaitEvent("dashboard", Duration.ofNanos(Math.max(1, left)));
                message.get("alerts").forEach(alerts::add);
                if ("poor".equals(grade(message, "Lossy"))) {
                    degraded = message;
                }
            }
            double secondsToPoor = (System.nanoTime() - lossStart) / 1e9;
            JsonNode council = degraded.at("/meetings/0");
            List<String> names = new ArrayList<>();
            for (JsonNode participant : council.get("participants")) {
                names.add(participant.get("name").asText());
                assertEquals("udp", participant.get("transport").asText(), participant.toString());
                if (!participant.get("name").asText().equals("Lossy")) {
                    assertFalse("poor".equals(participant.at("/quality/grade").asText()),
                            "only the lossy listener is degraded: " + participant);
                }
            }
            assertEquals(List.of("Floor", "Clean", "Lossy"), names);
            JsonNode lossyEntry = participant(degraded, "Lossy");
            assertTrue(lossyEntry.at("/quality/lossPercent").asDouble() > 10, lossyEntry.toString());
            assertEquals("floor", lossyEntry.at("/channel/language").asText());
            assertEquals("standard", lossyEntry.at("/channel/tier").asText());
            assertTrue(lossyEntry.at("/quality/mos").asDouble() < 3.1, "the score says poor too: " + lossyEntry);

            // The loss is in the samples of the lossy listener's history this message brought.
            double worst = 0;
            JsonNode history = participant(degraded, "Lossy").get("history");
            for (JsonNode loss : history.get("lossPercent")) {
                worst = Math.max(worst, loss.asDouble());
            }
            assertTrue(worst > 10, history.toString());

            JsonNode mixer = council.get("mixer");
            assertEquals(20, mixer.get("frameMs").asInt(), council.toString());
            assertTrue(mixer.get("maxTickMs").asDouble() > 0, mixer.toString());
            // A loaded machine (or the first ticks, while the JIT warms up) can overrun: the dashboard says so.
            if (mixer.get("overruns").asLong() > 0) {
                assertTrue(alerts.stream().anyMatch(raised -> "mixerOverruns".equals(raised.get("kind").asText())
                        && meeting.id().equals(raised.get("meeting").asText())), mixer + " but no alert in " + alerts);
            }
            assertEquals("floor", council.at("/channels/0/language").asText());
            assertEquals(2, council.at("/channels/0/listeners").asInt(), council.get("channels").toString());
            assertEquals("fr", council.at("/booths/0/language").asText());
            assertTrue(council.at("/booths/0/live").isNull());

            // Its alert was raised at the tick it turned poor, so it came with that message at the latest.
            JsonNode alert = alerts.stream().filter(raised -> "linkPoor".equals(raised.get("kind").asText())
                    && "Lossy".equals(raised.get("name").asText())).findFirst().orElse(null);
            assertNotNull(alert, alerts.toString());
            assertEquals(meeting.id(), alert.get("meeting").asText());
            assertTrue(alert.get("value").asDouble() > 10, alert.toString());

            // At most one message a second per view.
            long start = System.nanoTime();
            int messages = 0;
            while (System.nanoTime() - start < Duration.ofSeconds(5).toNanos()) {
                dashboard.awaitEvent("dashboard", TIMEOUT);
                messages++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(messages <= seconds + 1, messages + " messages in " + seconds + " s");
            System.out.printf("dashboard: lossy listener poor %.1f s after its audio began; %d messages in %.1f s%n",
                    secondsToPoor, messages, seconds);
        }
    }

    @Test
    void anOperatorsInvitationOpensItsMeetingAndOtherCredentialsNothing() throws Exception {
        String operatorToken = meeting.api().invite(meeting.id(), "{\"role\": \"operator\", \"name\": \"Olu\"}")
                .get("token").asText();
        String delegateToken = meeting.api().invite(meeting.id(), "{\"role\": \"delegate\", \"name\": \"Ada\"}")
                .get("token").asText();
        try (SignalingClient operator = SignalingClient.connect(MediaTestServer.webSocket(meeting.server()));
             SignalingClient delegate = SignalingClient.connect(MediaTestServer.webSocket(meeting.server()));
             SignalingClient guesser = SignalingClient.connect(MediaTestServer.webSocket(meeting.server()))) {
            JsonNode first = operator.request(SignalingClient.message("watchDashboard").put("token", operatorToken),
                    TIMEOUT);
            assertEquals("meetings", first.get("scope").asText());
            // The meeting was created less than a second ago: the feed's next tick has it, if the reply does not.
            JsonNode shown = first.get("meetings").isEmpty()
                    ? operator.awaitEvent("dashboard", message -> !message.get("meetings").isEmpty(), TIMEOUT) : first;
            assertEquals(1, shown.get("meetings").size(), "its meeting, shown while nobody is in it");
            assertEquals(meeting.id(), shown.at("/meetings/0/meeting").asText());
            SignalingException joinToo = assertThrows(SignalingException.class, () -> operator.request(
                    SignalingClient.message("join").put("token", operatorToken), TIMEOUT));
            assertEquals("ALREADY_JOINED", joinToo.code());

            SignalingException notOperator = assertThrows(SignalingException.class, () -> delegate.request(
                    SignalingClient.message("watchDashboard").put("token", delegateToken), TIMEOUT));
            assertEquals("FORBIDDEN", notOperator.code());
            SignalingException wrongKey = assertThrows(SignalingException.class, () -> guesser.request(
                    SignalingClient.message("watchDashboard").put("key", "not-the-admin-key-at-all"), TIMEOUT));
            assertEquals("FORBIDDEN", wrongKey.code());
            SignalingException garbage = assertThrows(SignalingException.class, () -> guesser.request(
                    SignalingClient.message("watchDashboard").put("token", "garbage"), TIMEOUT));
            assertEquals("TOKEN_INVALID", garbage.code());
        }
    }

    private static JsonNode participant(JsonNode message, String name) {
        for (JsonNode meeting : message.get("meetings")) {
            for (JsonNode participant : meeting.get("participants")) {
                if (name.equals(participant.get("name").asText())) {
                    return participant;
                }
            }
        }
        return message.path("no participant " + name);
    }

    private static String grade(JsonNode message, String name) {
        return participant(message, name).at("/quality/grade").asText();
    }
}
