package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.SignalingLimits;

/**
 * WebSocket control frames take tokens of the connection's bucket ({@code limits.messagesPerSecond},
 * {@code limits.messageBurst}): a flood of ping frames, or of pong frames, gets at most a burst of answers
 * and then a close 1008 naming the limit, counted in {@code parley_limit_refusals_total{limit="messagesPerSecond"}}
 * and {@code parley_ws_frames_dropped_total{reason="rate_limited"}}; the call in the meeting keeps its tone.
 */
@Timeout(120)
class ControlFrameFloodEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int FLOOD = 1000;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;
    private static final int CLOSE = 0x8;

    private ParleyServer server;
    private int burst;
    private double rate;

    @BeforeEach
    void start() throws Exception {
        SignalingLimits limits = ParleyConfig.defaults().limits();
        burst = limits.messageBurst();
        rate = limits.messagesPerSecond();
        server = MediaTestServer.start(config -> config.withLimits(limits));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pingAndPongFloodsCloseTheirConnectionWhileTheCallGoesOn() throws Exception {
        try (OngoingCall call = OngoingCall.start(server)) {
            double refusedBefore = refusals();
            double droppedBefore = MediaTestServer.counter(server, "parley.ws.frames.dropped", "reason", "rate_limited");

            for (int opcode : new int[] {PING, PONG}) {
                try (Socket socket = upgraded()) {
                    ByteArrayOutputStream flood = new ByteArrayOutputStream();
                    for (int i = 0; i < FLOOD; i++) {
                        flood.write(maskedFrame(opcode, new byte[] {(byte) i}));
                    }
                    socket.getOutputStream().write(flood.toByteArray());
                    socket.getOutputStream().flush();
                    Frames answers = readUntilClose(socket);
                    // The burst, and what the bucket refills while the flood is read (well under a second).
                    assertTrue(answers.pongs <= burst + rate, answers.pongs + " pongs for a burst of " + burst);
                    if (opcode == PING) {
                        assertTrue(answers.pongs >= burst / 2, "the burst's pings were answered: " + answers.pongs);
                    }
                    assertEquals(1008, answers.closeCode, "close status");
                    assertEquals("limit messagesPerSecond: control frames past the message rate", answers.closeReason);
                }
            }
            assertEquals(2, refusals() - refusedBefore, 0.0);
            double dropped = MediaTestServer.counter(server, "parley.ws.frames.dropped", "reason", "rate_limited") - droppedBefore;
            assertTrue(dropped >= 2 && dropped <= 2 * FLOOD, "dropped " + dropped);

            call.assertNoGap("after the floods");
        }
    }

    private double refusals() {
        return MediaTestServer.counter(server, "parley.limit.refusals", "limit", SignalingLimits.MESSAGES_PER_SECOND);
    }

    /** A socket past its WebSocket handshake (RFC 6455 §4.1), positioned at the first frame. */
    private Socket upgraded() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5000);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n") && head.length() < 4096) {
            int b = socket.getInputStream().read();
            if (b == -1) {
                throw new EOFException("no handshake: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101 "), head.toString());
        return socket;
    }

    /** A client frame (RFC 6455 §5.2) with FIN set, a payload under 126 bytes, masked as clients must. */
    private static byte[] maskedFrame(int opcode, byte[] payload) {
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) (0x80 | opcode);
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    private record Frames(int pongs, int closeCode, String closeReason) {
    }

    /** Reads the server's frames (unmasked, short) until its close frame; counts the pongs. */
    private static Frames readUntilClose(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int pongs = 0;
        for (int frames = 0; frames < 10 * FLOOD; frames++) {
            int opcode = in.readUnsignedByte() & 0x0F;
            int length = in.readUnsignedByte() & 0x7F;
            if (length >= 126) {
                length = length == 126 ? in.readUnsignedShort() : (int) in.readLong();
            }
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (opcode == PONG) {
                pongs++;
            } else if (opcode == CLOSE) {
                int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                return new Frames(pongs, code, new String(payload, 2, length - 2, StandardCharsets.UTF_8));
            }
        }
        throw new AssertionError("no close frame after " + 10 * FLOOD + " frames");
    }
}
