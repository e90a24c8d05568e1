package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.media.MediaMetrics;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.e2e.SfuAudioEndToEndTest.Publishing;
import org.parley.signaling.peer.ReceiveSlot;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.ToneAnalyzer;
import org.parley.signaling.peer.WebRtcPeer;

/**
 * A call in progress while both of the server's ports are flooded with garbage: 100,000 malformed UDP
 * datagrams at the media port and 100,000 hostile WebSocket frames at signaling. The call must not lose
 * a packet or an audible millisecond, every bad datagram and frame must show up in a counter of
 * {@code /metrics}, and the server must still answer, validate and admit a new participant afterwards.
 */
@Timeout(120)
class FuzzDuringCallTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int DATAGRAMS = 100_000;
    private static final int FLOOD_CONNECTIONS = 3;
    private static final int FRAMES_PER_CONNECTION = 33_400;
    private static final double FLOOD_SECONDS = 12;

    private ParleyServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExecutorService floods = Executors.newFixedThreadPool(FLOOD_CONNECTIONS + 1);

    @BeforeEach
    void start() throws Exception {
        server = MediaTestServer.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        floods.shutdownNow();
        floods.awaitTermination(10, TimeUnit.SECONDS);
        server.close();
    }

    @Test
    void aCallLosesNothingWhileBothPortsAreFlooded() throws Exception {
        try (Publishing publisher = Publishing.start(server, "Publisher", 1000);
             Listening listener = Listening.start(server, "Listener", publisher.producerId)) {
            assertHears(listener, 1000);
            MetricsScrape before = MetricsScrape.get(http, server.httpPort());

            MediaMetrics media = server.media().orElseThrow().metrics();
            DatagramFlood datagrams = new DatagramFlood(
                    new InetSocketAddress("127.0.0.1", server.media().orElseThrow().udpPort()), listener.serverUfrag,
                    () -> Math.round(media.droppedUnknownSource.count() + media.droppedStun.count()));
            Future<DatagramFlood.Result> udp = floods.submit(() -> datagrams.run(DATAGRAMS, FLOOD_SECONDS));
            List<WebSocketFlood> connections = new ArrayList<>();
            List<Future<?>> websockets = new ArrayList<>();
            for (int i = 0; i < FLOOD_CONNECTIONS; i++) {
                WebSocketFlood connection = WebSocketFlood.open(MediaTestServer.webSocket(server), i);
                connections.add(connection);
                if (i == 0) {
                    connection.join("demo", "Intruder"); // a participant of the call under test
                }
                websockets.add(floods.submit(() -> {
                    connection.flood(FRAMES_PER_CONNECTION, FLOOD_SECONDS);
                    return null;
                }));
            }
            OversizedMessages oversized = OversizedMessages.send(server);

            DatagramFlood.Result sentUdp = udp.get(60, TimeUnit.SECONDS);
            for (Future<?> websocket : websockets) {
                websocket.get(60, TimeUnit.SECONDS);
            }
            // A reply to a ping means every earlier frame on that connection has been handled.
            for (int i = 0; i < connections.size(); i++) {
                String id = "after-the-flood-" + i;
                connections.get(i).requestUntilAnswered("{\"type\":\"ping\",\"id\":\"" + id + "\"}", id);
            }

            // The call: the tone, no gap in the last second, no packet lost.
            assertHears(listener, 1000);
            short[] recent = listener.slot.recentSamples(48_000);
            assertFalse(ToneAnalyzer.hasGapLongerThan(recent, listener.peer.sampleRate(), 60, -50),
                    "longest gap " + ToneAnalyzer.longestGapMillis(recent, listener.peer.sampleRate(), -50) + " ms");
            assertEquals(0, listener.peer.packetsLost(), "packets lost by the listener during the flood");

            MetricsScrape after = MetricsScrape.get(http, server.httpPort());
            assertMediaDropsCounted(before, after, sentUdp);
            assertSignalingDropsCounted(before, after, connections, oversized);
            MetricsScrape.PromtoolResult lint = after.promtoolCheck();
            assertEquals(0, lint.exitCode(), "promtool check metrics:\n" + lint.output());

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.httpPort() + "/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"ok\""), health.body());

            // The meeting is intact: someone new joins, finds the publisher and hears it.
            try (Listening late = Listening.start(server, "Latecomer", publisher.producerId)) {
                assertHears(late, 1000);
            }
            assertHears(listener, 1000);
            connections.forEach(WebSocketFlood::close);
        }
    }

    /**
     * Every datagram the flood sent reached the server (the flood paces itself against the server's counters,
     * so no socket buffer overflowed) and was dropped for the reason its kind implies. Zero-length datagrams
     * are consumed by Netty's epoll transport without reaching a handler, so they are not counted anywhere.
     */
    private static void assertMediaDropsCounted(MetricsScrape before, MetricsScrape after, DatagramFlood.Result sent) {
        assertTrue(sent.sent() >= DATAGRAMS, "datagrams sent: " + sent);
        String dropped = "parley_media_packets_dropped_total";
        assertTrue(after.increase(before, dropped, "reason", "unknown_source") >= sent.unknownSource(),
                "unknown_source drops " + after.increase(before, dropped, "reason", "unknown_source") + " for " + sent);
        assertTrue(after.increase(before, dropped, "reason", "stun_rejected") >= sent.stunRejected(),
                "stun_rejected drops " + after.increase(before, dropped, "reason", "stun_rejected") + " for " + sent);
        double received = after.samples().get("parley_media_packets_received_total")
                - before.samples().get("parley_media_packets_received_total");
        assertTrue(received >= sent.sent() - sent.empty(), "datagrams received " + received + " for " + sent);
    }

    /**
     * Each flood connection's token bucket let at most {@code burst + rate × secondsOpen} frames through; the
     * rest must have been counted as rate limited. What got through was answered with errors of each kind.
     */
    private static void assertSignalingDropsCounted(MetricsScrape before, MetricsScrape after,
                                                    List<WebSocketFlood> connections, OversizedMessages oversized)
            throws Exception {
        SignalingLimits limits = ParleyConfig.defaults().limits();
        double mustBeDropped = 0;
        long sent = 0;
        for (WebSocketFlood connection : connections) {
            sent += connection.sent();
            double mayPass = limits.messageBurst() + limits.messagesPerSecond() * connection.secondsOpen();
            mustBeDropped += Math.max(0, connection.sent() - mayPass);
        }
        assertTrue(sent >= 100_000, "frames sent: " + sent);
        String framesDropped = "parley_ws_frames_dropped_total";
        double rateLimited = after.increase(before, framesDropped, "reason", "rate_limited");
        assertTrue(rateLimited >= mustBeDropped, rateLimited + " rate-limited drops, at least " + mustBeDropped);
        assertTrue(after.increase(before, framesDropped, "reason", "binary") > 0, "binary frames counted");
        assertTrue(after.increase(before, framesDropped, "reason", "too_large") >= 2, "oversized messages counted");

        String errors = "parley_signaling_errors_total";
        for (String code : List.of("BAD_JSON", "BAD_MESSAGE", "UNKNOWN_TYPE", "NOT_JOINED", "UNKNOWN_MEETING",
                "RATE_LIMITED", "MESSAGE_TOO_LARGE", "BAD_SDP", "ALREADY_JOINED", "UNKNOWN_PRODUCER", "UNKNOWN_MID",
                "FORBIDDEN")) {
            assertTrue(after.increase(before, errors, "code", code) > 0, code + " errors counted");
        }
        long clientSawRateLimited = connections.stream().mapToLong(c -> c.errors("RATE_LIMITED")).sum();
        assertTrue(clientSawRateLimited >= connections.size(), "every flooding client was told it is rate limited");
        assertEquals(0, after.increase(before, errors, "code", "INTERNAL"), "no server-side failure");
        assertEquals(1, oversized.nearLimitErrors, "a 65,000-byte frame is parsed (and is not JSON)");
        assertEquals(1009, oversized.overLimitClose, "a frame over 64 KiB closes with 1009 (RFC 6455 §7.4.1)");
        assertEquals(1009, oversized.fragmentedClose, "a fragmented message over 64 KiB closes with 1009");
    }

    private static void assertHears(Listening listening, double hz) {
        listening.peer.awaitSamples(listening.slot.mid(), 48_000, TIMEOUT);
        short[] samples = listening.slot.recentSamples(48_000);
        double dominant = ToneAnalyzer.dominantFrequency(samples, listening.peer.sampleRate());
        assertEquals(hz, dominant, 10, listening.name + " hears " + dominant + " Hz");
    }

    /**
     * Messages at and over the 64 KiB limit, each on a throwaway connection: 65,000 bytes of non-JSON (a
     * {@code BAD_JSON} error, the connection stays), one 70,000-byte frame, and 80,000 bytes in two frames.
     */
    private record OversizedMessages(long nearLimitErrors, int overLimitClose, int fragmentedClose) {

        static OversizedMessages send(ParleyServer server) throws Exception {
            URI uri = MediaTestServer.webSocket(server);
            long nearLimitErrors;
            try (WebSocketFlood near = WebSocketFlood.open(uri, 100)) {
                near.sendText("x".repeat(65_000));
                near.requestUntilAnswered("{\"type\":\"ping\",\"id\":\"near\"}", "near");
                nearLimitErrors = near.errors("BAD_JSON");
            }
            int overLimitClose;
            try (WebSocketFlood over = WebSocketFlood.open(uri, 101)) {
                over.sendText("{\"type\":\"ping\",\"pad\":\"" + "y".repeat(70_000) + "\"}");
                overLimitClose = over.awaitCloseStatus(TIMEOUT);
            }
            int fragmentedClose;
            try (WebSocketFlood fragmented = WebSocketFlood.open(uri, 102)) {
                fragmented.sendFragmented("[\"" + "z".repeat(40_000), "z".repeat(40_000) + "\"]");
                fragmentedClose = fragmented.awaitCloseStatus(TIMEOUT);
            }
            return new OversizedMessages(nearLimitErrors, overLimitClose, fragmentedClose);
        }
    }

    /** A libwebrtc peer receiving one producer, keeping the server's ICE ufrag from its answer. */
    private static final class Listening implements AutoCloseable {
        final String name;
        final WebRtcPeer peer;
        final SignalingClient signaling;
        final ReceiveSlot slot;
        final String serverUfrag;

        private Listening(String name, WebRtcPeer peer, SignalingClient signaling, ReceiveSlot slot,
                          String serverUfrag) {
            this.name = name;
            this.peer = peer;
            this.signaling = signaling;
            this.slot = slot;
            this.serverUfrag = serverUfrag;
        }

        static Listening start(ParleyServer server, String name, String producerId) throws Exception {
            WebRtcPeer peer = WebRtcPeer.subscriber();
            SignalingClient signaling = SignalingClient.connect(MediaTestServer.webSocket(server));
            try {
                signaling.join("demo", name);
                ReceiveSlot slot = peer.addRecvOnlyAudio();
                JsonNode answer = signaling.offer(peer.createOffer());
                String sdp = answer.get("sdp").asText();
                peer.setAnswer(sdp);
                peer.awaitConnected(TIMEOUT);
                signaling.subscribe(slot.mid(), producerId);
                return new Listening(name, peer, signaling, slot, iceUfrag(sdp));
            } catch (Exception | Error e) {
                signaling.close();
                peer.close();
                throw e;
            }
        }

        private static String iceUfrag(String sdp) {
            for (String line : sdp.split("\r\n")) {
                if (line.startsWith("a=ice-ufrag:")) {
                    return line.substring("a=ice-ufrag:".length());
                }
            }
            throw new AssertionError("no a=ice-ufrag in the answer:\n" + sdp);
        }

        @Override
        public void close() {
            signaling.close();
            peer.close();
        }
    }
}
