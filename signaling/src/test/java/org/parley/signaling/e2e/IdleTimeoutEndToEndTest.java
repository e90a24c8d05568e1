package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
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

/**
 * {@code limits.idleSeconds} and {@code limits.joinSeconds} (slowloris): 500 TCP connections that send
 * nothing and a few that dribble a request header a byte at a time are all closed once the idle timeout
 * passes, and counted; a WebSocket that never joins is closed with 1008 and the limit's name; meanwhile a
 * client joins, and stays joined through twice the idle timeout without sending a thing (the server's
 * pings, answered by the client's WebSocket stack, keep it); the call in the meeting keeps its tone.
 */
@Timeout(180)
class IdleTimeoutEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int IDLE_SECONDS = 2;
    private static final int JOIN_SECONDS = 2;
    private static final int SILENT = 500;
    private static final int DRIBBLING = 5;

    private ParleyServer server;

    @BeforeEach
    void start() throws Exception {
        SignalingLimits limits = ParleyConfig.defaults().limits().withConnections(
                new ConnectionLimits(IDLE_SECONDS, JOIN_SECONDS, 200, 5, 200));
        server = MediaTestServer.start(config -> config.withLimits(limits));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void idleAndSlowConnectionsAreClosedWhileAClientJoinsAndACallGoesOn() throws Exception {
        List<Socket> silent = new ArrayList<>();
        List<Socket> dribbling = new ArrayList<>();
        try (OngoingCall call = OngoingCall.start(server)) {
            double before = idleRefusals();
            long opened = System.nanoTime();
            for (int i = 0; i < SILENT; i++) {
                silent.add(connect());
            }
            for (int i = 0; i < DRIBBLING; i++) {
                Socket socket = connect();
                socket.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                dribbling.add(socket);
            }
            SignalingClient neverJoins = SignalingClient.connect(MediaTestServer.webSocket(server));
            double joinRefusalsBefore = MediaTestServer.counter(server, "parley.limit.refusals", "limit",
                    SignalingLimits.JOIN_SECONDS);

            // While they wait: a real client joins, then sends nothing for twice the idle timeout.
            try (SignalingClient delegate = SignalingClient.connect(MediaTestServer.webSocket(server))) {
                assertEquals("joined", delegate.join("demo", "Delegate").get("type").asText());
                // The dribblers send a header byte every 300 ms: never idle for a second, never complete.
                int dribbled = dribble(dribbling, Duration.ofSeconds(3 * IDLE_SECONDS + 2));
                assertTrue(dribbled < DRIBBLING * (IDLE_SECONDS * 1000 / 300 + 5), "the dribblers were cut off: " + dribbled + " bytes sent");
                assertFalse(delegate.isClosed(), "joined client closed: " + delegate.closeReason());
                assertEquals("pong", delegate.request(SignalingClient.message("ping"), TIMEOUT).get("type").asText());
            }

            long elapsedMillis = Duration.ofNanos(System.nanoTime() - opened).toMillis();
            int closed = countClosed(silent, Duration.ofSeconds(10));
            assertEquals(SILENT, closed, "silent connections closed");
            assertTrue(elapsedMillis >= IDLE_SECONDS * 1000L, "checked after " + elapsedMillis + " ms");
            assertEquals(DRIBBLING, countClosed(dribbling, Duration.ofSeconds(5)), "dribbling connections closed");
            assertEquals(SILENT + DRIBBLING, idleRefusals() - before, 0.0);

            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!neverJoins.isClosed() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("closed by server: 1008 limit joinSeconds: no join within " + JOIN_SECONDS + " s",
                    neverJoins.closeReason());
            assertEquals(1, MediaTestServer.counter(server, "parley.limit.refusals", "limit",
                    SignalingLimits.JOIN_SECONDS) - joinRefusalsBefore, 0.0);

            call.assertNoGap("after the idle connections were closed");
        } finally {
            closeAll(silent);
            closeAll(dribbling);
        }
    }

    private double idleRefusals() {
        return MediaTestServer.counter(server, "parley.limit.refusals", "limit", SignalingLimits.IDLE_SECONDS);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5000);
        return socket;
    }

    /** Sends one header byte per socket every 300 ms for {@code duration}; the bytes written in all. */
    private static int dribble(List<Socket> sockets, Duration duration) throws InterruptedException {
        byte[] header = "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
        boolean[] cut = new boolean[sockets.size()];
        int written = 0;
        long end = System.nanoTime() + duration.toNanos();
        for (int step = 0; step < header.length && System.nanoTime() < end; step++) {
            for (int i = 0; i < sockets.size(); i++) {
                if (cut[i]) {
                    continue;
                }
                try {
                    OutputStream out = sockets.get(i).getOutputStream();
                    out.write(header[step]);
                    out.flush();
                    written++;
                } catch (IOException e) {
                    cut[i] = true; // reset by the server after it closed
                }
            }
            Thread.sleep(300);
        }
        return written;
    }

    /** How many of {@code sockets} reach end of stream (or a reset) within {@code within}, read one after another. */
    private static int countClosed(List<Socket> sockets, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        int closed = 0;
        byte[] buffer = new byte[512];
        for (Socket socket : sockets) {
            long leftMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (leftMillis <= 0) {
                break;
            }
            socket.setSoTimeout((int) Math.max(1, leftMillis));
            InputStream in = socket.getInputStream();
            try {
                // Nothing was requested, so nothing but the end of the stream may come.
                int read = in.read(buffer);
                if (read == -1) {
                    closed++;
                }
            } catch (SocketTimeoutException e) {
                // still open
            } catch (IOException e) {
                closed++; // reset: the server closed while our bytes were in flight
            }
        }
        return closed;
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a test socket
            }
        }
    }
}
