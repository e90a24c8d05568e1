package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.config.SignalingLimits.ConnectionLimits;
import org.parley.signaling.e2e.MediaTestServer;
import org.parley.signaling.e2e.OngoingCall;
import org.parley.signaling.meeting.Participant;

/**
 * A client that stops reading while the meeting changes (limits.heldMessages, SECURITY.md): past its
 * write buffer the server holds its messages, merging participant events, so that 500 arrivals and
 * departures hold no more than the meeting's present state; when the client reads again it learns
 * the meeting as it is, with its replies in order. Only unmergeable messages past the limit close it,
 * while a call in the same meeting keeps its tone.
 */
@Timeout(180)
class SlowReaderTest {

    private static final String MEETING = "demo";
    private static final int CHURN = 500;
    private static final int BATCH = 50;
    private static final int STAYING_PER_BATCH = 5;
    /** A message type this long gets an UNKNOWN_TYPE error of about 60 KB quoting it: a few dozen fill the socket buffers. */
    private static final String PADDING = "x".repeat(60_000);
    private static final int PINGS_PER_ROUND = 10;
    private static final int MAX_ROUNDS = 40;

    private ParleyServer server;
    private HttpClient http;
    private final List<WsTestClient> clients = new ArrayList<>();

    private void start(int heldMessages) throws Exception {
        server = TestServers.start(limits(heldMessages));
        http = HttpClient.newHttpClient();
    }

    /** {@link #start} with the media core, for a call that goes on beside the slow client. */
    private void startWithMedia(int heldMessages) throws Exception {
        server = MediaTestServer.start(config -> config.withLimits(limits(heldMessages)));
        http = HttpClient.newHttpClient();
    }

    private static SignalingLimits limits(int heldMessages) {
        return new SignalingLimits(100_000, 100_000)
                .withConnections(new ConnectionLimits(120, 60, 10_000, 100_000, 100_000, heldMessages));
    }

    @BeforeEach
    void none() {
        clients.clear();
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

    @Test
    void aClientThatStopsReadingIsHeldBoundedAndCatchesUpWithTheMeeting() throws Exception {
        start(ConnectionLimits.DEFAULT_HELD_MESSAGES);
        try (StalledWebSocket slow = new StalledWebSocket(server.httpPort())) {
            Set<String> known = new HashSet<>();
            String self = join(slow, known);
            int pings = fillUntilHeld(slow);
            int maxHeld = (int) held();

            for (int start = 0; start < CHURN; start += BATCH) {
                List<WsTestClient> batch = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    WsTestClient client = WsTestClient.connect(http, server.httpPort())
                .ignoring("participantJoined", "participantLeft", "floor", "booths");
                    clients.add(client);
                    assertEquals("joined", client.request(joinMessage("P" + (start + i))).get("type").asText());
                    batch.add(client);
                }
                for (WsTestClient leaving : batch.subList(STAYING_PER_BATCH, BATCH)) {
                    assertEquals("left", leaving.request("{\"type\":\"leave\",\"id\":2}").get("type").asText());
                }
                maxHeld = Math.max(maxHeld, (int) held());
                // Without merging, held would grow by each event: 2 per departed, 1 per present participant.
                int present = (start / BATCH + 1) * STAYING_PER_BATCH;
                assertTrue(held() <= pings + present + 3, "held " + held() + " for " + pings + " pings and "
                        + present + " participants present");
            }
            int present = CHURN / BATCH * STAYING_PER_BATCH;
            assertEquals(present + 1, server.meetings().meeting(MEETING).participants().size());
            assertEquals(0, refusals(), "not disconnected");
            assertEquals(1 + clients.size(), connections(), "every connection stays open");

            // Reads again: the pongs in order, then the participant events, then the reply to a last ping.
            slow.send("{\"type\":\"ping\",\"id\":\"last\"}");
            int pongs = 0;
            int participantEvents = 0;
            for (int messages = 0; messages < 10 * (pings + CHURN); messages++) {
                JsonNode message = slow.next();
                String type = message.get("type").asText();
                if (type.equals("pong") && message.get("id").asText().equals("last")) {
                    break;
                }
                switch (type) {
                    case "error" -> {
                        assertEquals(String.valueOf(pongs), message.get("id").asText(), "replies in order");
                        pongs++;
                    }
                    case "participantJoined" -> {
                        participantEvents++;
                        assertTrue(known.add(message.get("participantId").asText()), "joined twice: " + message);
                    }
                    case "participantLeft" -> {
                        participantEvents++;
                        assertTrue(known.remove(message.get("participantId").asText()), "unknown left: " + message);
                    }
                    default -> { }
                }
            }
            assertEquals(pings, pongs, "every ping answered");
            Set<String> meeting = server.meetings().meeting(MEETING).participants().stream().map(Participant::id)
                    .filter(id -> !id.equals(self)).collect(Collectors.toSet());
            assertEquals(meeting, known, "the participants the slow client learnt are the meeting's");
            assertTrue(participantEvents <= present, participantEvents + " participant events for " + present
                    + " present: the departures it never saw joining were merged away");
            assertEquals(0, held(), "nothing held once read");
            System.out.printf("slow reader: %d pings, held at most %d messages for %d arrivals and %d departures,"
                    + " %d participant events delivered%n", pings, maxHeld, CHURN, CHURN - present, participantEvents);
        }
    }

    @Test
    void repliesStayInOrderBehindHeldEvents() throws Exception {
        start(ConnectionLimits.DEFAULT_HELD_MESSAGES);
        try (StalledWebSocket slow = new StalledWebSocket(server.httpPort())) {
            join(slow, new HashSet<>());
            int pings = fillUntilHeld(slow);
            // The last round's fillers may still be on their way when the first is held: count from when
            // every reply sent is held, or the steps below would see a straggler's reply as theirs.
            double before = steadyHeld();
            // Each step waits until the slow connection holds the event: the meeting tells the others after the
            // newcomer's "joined", so a reply to a ping sent at once may be sent before it.
            WsTestClient a = joined("A");
            assertTrue(awaitTrue(() -> held() == before + 1, 10_000), "A's arrival held");
            slow.send("{\"type\":\"ping\",\"id\":\"after A\"}");
            assertTrue(awaitTrue(() -> held() == before + 2, 10_000), "the reply held");
            WsTestClient b = joined("B");
            assertTrue(awaitTrue(() -> held() == before + 3, 10_000), "B's arrival held");
            slow.send("{\"type\":\"ping\",\"id\":\"after B\"}");
            assertTrue(awaitTrue(() -> held() == before + 4, 10_000), "the reply held");
            assertEquals("left", a.request("{\"type\":\"leave\",\"id\":2}").get("type").asText());
            assertTrue(awaitTrue(() -> held() == before + 3, 10_000), "A's arrival and departure cancel out");
            slow.send("{\"type\":\"ping\",\"id\":\"after A left\"}");
            String bId = server.meetings().meeting(MEETING).participants().stream()
                    .filter(p -> p.name().equals("B")).findFirst().orElseThrow().id();

            List<String> seen = new ArrayList<>();
            for (int messages = 0; messages < pings + 100 && !seen.contains("pong after A left"); messages++) {
                JsonNode message = slow.next();
                String type = message.get("type").asText();
                if (type.equals("pong") && message.get("id").asText().startsWith("after")) {
                    seen.add("pong " + message.get("id").asText());
                } else if (type.startsWith("participant")) {
                    seen.add(type + " " + message.get("name").asText());
                    if (message.get("name").asText().equals("B")) {
                        assertEquals(bId, message.get("participantId").asText());
                    }
                }
            }
            // A joined and left while held: neither is sent; B's arrival stays between the two replies around it.
            assertEquals(List.of("pong after A", "participantJoined B", "pong after B", "pong after A left"), seen);
            assertEquals(0, refusals());
            b.close();
        }
    }

    @Test
    void tooManyUnmergeableMessagesCloseTheConnectionAndAreCounted() throws Exception {
        int limit = 5;
        startWithMedia(limit);
        try (OngoingCall call = OngoingCall.start(server)) {
            double callConnections = connections();
            try (StalledWebSocket slow = new StalledWebSocket(server.httpPort())) {
                join(slow, new HashSet<>());
                sending:
                for (int round = 0; round < MAX_ROUNDS && refusals() == 0; round++) {
                    for (int i = 0; i < PINGS_PER_ROUND; i++) {
                        try {
                            slow.send(filler(i));
                        } catch (IOException closedByServer) {
                            // The server closed the connection at the cap while fillers were still going out.
                            awaitTrue(() -> refusals() > 0, 5_000);
                            break sending;
                        }
                    }
                    awaitTrue(() -> refusals() > 0, 500);
                }
                assertEquals(1, refusals(), "closed once, counted under " + SignalingLimits.HELD_MESSAGES);
                awaitTrue(() -> connections() == callConnections, 10_000);
                assertEquals(callConnections, connections(), "the slow connection is closed, the call's stay");
                assertEquals(0, held(), "its held messages are dropped");
                // The server goes on.
                WsTestClient other = joined("Other");
                assertEquals("pong", other.request("{\"type\":\"ping\",\"id\":3}").get("type").asText());
            }
            call.assertNoGap("after the slow connection was closed");
        }
    }

    /** Joins {@code client}, adds the participants already there to {@code known}; returns its participant id. */
    private static String join(StalledWebSocket client, Set<String> known) throws IOException {
        client.send(joinMessage("Slow"));
        JsonNode joined = client.next();
        assertEquals("joined", joined.get("type").asText(), joined.toString());
        joined.get("participants").forEach(p -> known.add(p.get("participantId").asText()));
        return joined.get("participantId").asText();
    }

    private WsTestClient joined(String name) {
        WsTestClient client = WsTestClient.connect(http, server.httpPort())
                .ignoring("participantJoined", "participantLeft", "floor", "booths");
        clients.add(client);
        assertEquals("joined", client.request(joinMessage(name)).get("type").asText());
        return client;
    }

    private static String joinMessage(String name) {
        return "{\"type\":\"join\",\"meeting\":\"" + MEETING + "\",\"name\":\"" + name + "\",\"id\":1}";
    }

    /** Sends large pings, unread, until the server holds some of their pongs; returns how many were sent. */
    private int fillUntilHeld(StalledWebSocket slow) throws Exception {
        int sent = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            for (int i = 0; i < PINGS_PER_ROUND; i++) {
                slow.send(filler(sent++));
            }
            if (awaitTrue(() -> held() > 0, 500)) {
                return sent;
            }
        }
        throw new AssertionError("the server never held a message after " + sent + " pongs of 60 KB");
    }

    /** A message whose reply is about 60 KB: an UNKNOWN_TYPE error quoting the type, with id {@code n}. */
    private static String filler(int n) {
        return "{\"type\":\"" + PADDING + "\",\"id\":\"" + n + "\"}";
    }

    /**
     * The held count once it has stayed the same for 1.5 s: the server has answered every filler sent (each
     * reply after the first held one is held too, in order), however late a loaded machine runs its loop.
     */
    private double steadyHeld() throws InterruptedException {
        double last = held();
        long stableSince = System.nanoTime();
        long deadline = stableSince + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - stableSince < TimeUnit.MILLISECONDS.toNanos(1500)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the held count never settled: " + held());
            }
            Thread.sleep(50);
            double now = held();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    private double held() {
        return server.meterRegistry().get("parley.ws.held.messages").gauge().value();
    }

    private double connections() {
        return server.meterRegistry().get("parley.ws.connections").gauge().value();
    }

    private double refusals() {
        return TestServers.counter(server, "parley.limit.refusals", "limit", SignalingLimits.HELD_MESSAGES);
    }

    private static boolean awaitTrue(java.util.function.BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
