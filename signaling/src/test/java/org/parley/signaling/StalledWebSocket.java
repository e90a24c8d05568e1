package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a plain socket (RFC 6455) that reads only when told to: between reads the server's
 * messages pile up in the kernel buffers and then in the server, as with a client that stopped reading.
 * Its receive buffer is small so that the server's write buffer fills after little data.
 */
final class StalledWebSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEXT = 0x1;
    private static final int CLOSE = 0x8;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    StalledWebSocket(int port) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(8192); // before connect: it sets the TCP window scale
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n") && head.length() < 4096) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("no handshake: " + head);
            }
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 101 "), head.toString());
    }

    /** Sends one text frame, masked as a client must (RFC 6455 §5.3). */
    void send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {0x21, 0x43, 0x65, (byte) 0x87};
        int header = payload.length < 126 ? 2 : payload.length < 65_536 ? 4 : 10;
        byte[] frame = new byte[header + 4 + payload.length];
        frame[0] = (byte) (0x80 | TEXT);
        if (header == 2) {
            frame[1] = (byte) (0x80 | payload.length);
        } else if (header == 4) {
            frame[1] = (byte) (0x80 | 126);
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
        } else {
            frame[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) payload.length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(mask, 0, frame, header, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[header + 4 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        out.write(frame);
        out.flush();
    }

    /** The next text message; control frames are passed over. Fails at the server's close frame. */
    JsonNode next() throws IOException {
        for (int frames = 0; frames < 1000; frames++) {
            int first = in.readUnsignedByte();
            int opcode = first & 0x0F;
            long length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            assertTrue((first & 0x80) != 0, "the server does not fragment its messages");
            if (opcode == TEXT) {
                return JSON.readTree(payload);
            }
            if (opcode == CLOSE) {
                throw new EOFException("closed by the server: " + new String(payload, StandardCharsets.UTF_8));
            }
        }
        throw new AssertionError("only control frames");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
