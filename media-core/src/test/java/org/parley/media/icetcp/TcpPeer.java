package org.parley.media.icetcp;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;
import org.parley.media.ice.ControllingBindingRequest;

/**
 * The active end of an ICE-TCP connection made of a plain Java socket: sends and receives RFC 4571
 * frames, builds the Binding requests a controlling browser sends, and carries a DTLS client's
 * records ({@link #dtls()}). Frames are read by a thread started on demand, so a test can also play
 * a peer that does not read at all.
 */
final class TcpPeer implements AutoCloseable {

    static final String CLIENT_UFRAG = "Kd7p";
    static final String OFFER = "/org/parley/media/sdp/chrome-publish-and-three-subscribes.sdp";

    final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final long tiebreaker = ThreadLocalRandom.current().nextLong();
    private Thread reader;

    private TcpPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** Connects to the server's ICE-TCP port; {@code receiveBuffer} > 0 sets a small SO_RCVBUF. */
    static TcpPeer connect(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        socket.setTcpNoDelay(true);
        return new TcpPeer(socket);
    }

    static TcpPeer connect(int port) throws IOException {
        TcpPeer peer = connect(port, 0);
        peer.startReading();
        return peer;
    }

    /** The Chrome offer (mid 0 sendonly, 1..3 recvonly) carrying {@code fingerprint}. */
    static String offer(String fingerprint) {
        try (InputStream in = TcpPeer.class.getResourceAsStream(OFFER)) {
            String offer = new String(in.readAllBytes(), UTF_8).replace("\n", "\r\n");
            return offer.replaceAll("a=fingerprint:sha-256 [0-9A-F:]+", "a=fingerprint:sha-256 " + fingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String attribute(String sdp, String prefix) {
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new AssertionError("no " + prefix + " in:\n" + sdp);
    }

    /** A Binding request as a controlling browser sends it (RFC 8445 §7.1), USE-CANDIDATE included. */
    byte[] bindingRequest(String serverUfrag, String serverPassword) {
        byte[] transactionId = new byte[12];
        ThreadLocalRandom.current().nextBytes(transactionId);
        return ControllingBindingRequest.encode(serverUfrag, CLIENT_UFRAG, tiebreaker, transactionId, serverPassword);
    }

    void startReading() {
        reader = Thread.ofPlatform().daemon().name("tcp-peer-reader").start(this::readFrames);
    }

    private void readFrames() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int length = in.readUnsignedShort();
                byte[] frame = new byte[length];
                in.readFully(frame);
                frames.add(frame);
            }
        } catch (EOFException e) {
            // the server closed the connection
        } catch (IOException e) {
            // reset, or closed by us
        } finally {
            ended.countDown();
        }
    }

    synchronized void sendFrame(byte[] packet) throws IOException {
        byte[] framed = new byte[2 + packet.length];
        framed[0] = (byte) (packet.length >>> 8);
        framed[1] = (byte) packet.length;
        System.arraycopy(packet, 0, framed, 2, packet.length);
        out.write(framed);
        out.flush();
    }

    synchronized void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next frame, or null after {@code timeoutMillis}. */
    byte[] nextFrame(long timeoutMillis) throws InterruptedException {
        return frames.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The next frame whose first byte is in {@code from..to} (RFC 7983), skipping others; null on timeout. */
    byte[] nextFrame(int from, int to, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            byte[] frame = frames.poll(left, TimeUnit.NANOSECONDS);
            if (frame != null && frame.length > 0 && (frame[0] & 0xFF) >= from && (frame[0] & 0xFF) <= to) {
                return frame;
            }
        }
        return null;
    }

    /** Whether the server closed the connection within {@code timeoutMillis} (the reader saw its end). */
    boolean awaitClosedByServer(long timeoutMillis) throws InterruptedException {
        return ended.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** DTLS records over this connection, for {@link org.parley.media.dtls.DtlsTestClient#connect}. */
    DatagramTransport dtls() {
        return new DatagramTransport() {
            @Override
            public int getReceiveLimit() {
                return Rfc4571FrameDecoder.MAX_PACKET;
            }

            @Override
            public int getSendLimit() {
                return 1200;
            }

            @Override
            public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
                try {
                    byte[] frame = nextFrame(20, 63, waitMillis);
                    if (frame == null) {
                        return -1;
                    }
                    int n = Math.min(len, frame.length);
                    System.arraycopy(frame, 0, buf, off, n);
                    return n;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }

            @Override
            public void send(byte[] buf, int off, int len) throws IOException {
                byte[] packet = new byte[len];
                System.arraycopy(buf, off, packet, 0, len);
                sendFrame(packet);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() throws IOException {
        socket.close();
        if (reader != null) {
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
