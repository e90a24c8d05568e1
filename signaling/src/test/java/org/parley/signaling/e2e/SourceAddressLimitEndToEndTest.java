package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
import org.parley.signaling.config.SignalingLimits.ConnectionLimits;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.SignalingException;

/**
 * {@code limits.connectionsPerAddress} and {@code limits.joinsPerSecondPerAddress}/{@code joinBurstPerAddress}:
 * past the connection limit an upgrade from the same address gets 429 and is counted, while one from another
 * loopback address (127.0.0.2) is upgraded; a slot that frees up can be taken again; past the join burst a
 * {@code join} gets {@code LIMIT_EXCEEDED}, and so does a {@code watchDashboard}. The call in the meeting (whose two connections and joins come from
 * the same address and count) keeps its tone.
 */
@Timeout(120)
class SourceAddressLimitEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int CONNECTIONS = 6;
    private static final int JOIN_BURST = 5;
    private static final int REFUSED_UPGRADES = 20;

    private ParleyServer server;

    @BeforeEach
    void start() throws Exception {
        // One join every 100 s after the burst: none comes back during the test.
        SignalingLimits limits = ParleyConfig.defaults().limits().withConnections(
                new ConnectionLimits(30, 30, CONNECTIONS, 0.01, JOIN_BURST));
        server = MediaTestServer.start(config -> config.withLimits(limits));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAddressPastItsLimitsIsRefusedWhileOthersAndTheCallGoOn() throws Exception {
        List<SignalingClient> clients = new ArrayList<>();
        try (OngoingCall call = OngoingCall.start(server)) {
            // The call holds 2 connections and took 2 joins; 4 more connections fill the address.
            for (int i = 0; i < CONNECTIONS - 2; i++) {
                clients.add(SignalingClient.connect(MediaTestServer.webSocket(server)));
            }
            for (int i = 0; i < JOIN_BURST - 2; i++) {
                assertEquals("joined", clients.get(i).join("demo", "Delegate " + i).get("type").asText());
            }
            double joinsBefore = refusals(SignalingLimits.JOINS_PER_SECOND_PER_ADDRESS);
            SignalingException refused = assertThrows(SignalingException.class,
                    () -> clients.getLast().join("demo", "One too many"));
            assertEquals("LIMIT_EXCEEDED", refused.code());
            assertTrue(refused.getMessage().contains("limit joinsPerSecondPerAddress: "), refused.getMessage());
            assertEquals(1, refusals(SignalingLimits.JOINS_PER_SECOND_PER_ADDRESS) - joinsBefore, 0.0);
            assertFalse(clients.getLast().isClosed(), "a refused join leaves the connection open");
            // A dashboard request tries credentials: it takes a join token too, so keys are guessed no faster.
            SignalingException watchRefused = assertThrows(SignalingException.class, () -> clients.getLast().request(
                    SignalingClient.message("watchDashboard").put("key", server.adminKey()), TIMEOUT));
            assertEquals("LIMIT_EXCEEDED", watchRefused.code());

            double connectionsBefore = refusals(SignalingLimits.CONNECTIONS_PER_ADDRESS);
            for (int i = 0; i < REFUSED_UPGRADES; i++) {
                String response = upgrade(InetAddress.getLoopbackAddress());
                assertTrue(response.startsWith("HTTP/1.1 429 Too Many Requests"), response);
                assertTrue(response.contains("limit connectionsPerAddress: " + CONNECTIONS + " WebSockets"), response);
            }
            assertEquals(REFUSED_UPGRADES, refusals(SignalingLimits.CONNECTIONS_PER_ADDRESS) - connectionsBefore, 0.0);
            // Another source address has its own allowance.
            String other = upgrade(InetAddress.getByName("127.0.0.2"));
            assertTrue(other.startsWith("HTTP/1.1 101 Switching Protocols"), other);

            // A slot that frees up can be taken again.
            clients.removeLast().close();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            String again = "";
            while (System.nanoTime() < deadline) {
                again = upgrade(InetAddress.getLoopbackAddress());
                if (again.startsWith("HTTP/1.1 101")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertTrue(again.startsWith("HTTP/1.1 101 Switching Protocols"), again);

            call.assertNoGap("after the refusals");
        } finally {
            clients.forEach(SignalingClient::close);
        }
    }

    private double refusals(String limit) {
        return MediaTestServer.counter(server, "parley.limit.refusals", "limit", limit);
    }

    /** A WebSocket handshake (RFC 6455 §4.1) from {@code source}; the whole refusal, or an upgrade's head. */
    private String upgrade(InetAddress source) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(source, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder response = new StringBuilder();
            byte[] buffer = new byte[1024];
            int read;
            // A refusal ends with the close; an upgrade stays open, so stop at the end of its head.
            while ((read = in.read(buffer)) != -1 && response.length() < 4096) {
                response.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
                if (response.indexOf(" 101 ") >= 0 && response.indexOf("\r\n\r\n") >= 0) {
                    break;
                }
            }
            return response.toString();
        }
    }
}
