package org.parley.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The test client over real loopback UDP, as tests of the whole media server will use it. */
class DtlsOverUdpTest {

    @Test
    void handshakeOverLoopbackUdp() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramSocket serverSocket = new DatagramSocket(new InetSocketAddress(loopback, 0));
             DatagramSocket clientSocket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            clientSocket.connect(serverSocket.getLocalSocketAddress());
            serverSocket.setSoTimeout(100);
            DtlsTestClient client = new DtlsTestClient(0x0007, 0x0001);
            DtlsCertificate serverCertificate = DtlsCertificate.generate();
            RecordingDtlsListener listener = new RecordingDtlsListener();
            HandshakeThreads handshakeThreads = new HandshakeThreads();
            // Taken once: a closed socket has no local address, and the server answers close_notify after the
            // client closed its socket.
            SocketAddress clientAddress = clientSocket.getLocalSocketAddress();
            DatagramSender toClient = (data, offset, length) -> {
                try {
                    serverSocket.send(new DatagramPacket(data, offset, length, clientAddress));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
            DtlsTransport transport = new DtlsTransport(serverCertificate, handshakeThreads, toClient, listener,
                    new int[] {0x0007, 0x0001});
            transport.setRemoteFingerprint("sha-256", client.certificate().fingerprint());
            Thread serverReader = Thread.ofVirtual().start(() -> readInto(transport, serverSocket));
            transport.start();

            try (DtlsTestClient.Session session = client.connect(DtlsTestClient.overUdp(clientSocket),
                    serverCertificate.fingerprint())) {
                RecordingDtlsListener.Keys keys = listener.awaitKeys();
                assertEquals(0x0007, session.srtpProtectionProfile());
                assertEquals(0x0007, keys.srtpProtectionProfile());
                assertArrayEquals(session.keyingMaterial(), keys.keyingMaterial());
            }

            assertEquals("DTLS: peer sent close_notify", listener.awaitClosed());
            assertTrue(handshakeThreads.awaitAllFinished());
            serverReader.interrupt();
            serverReader.join();
        }
    }

    /** What a Netty event loop does for the transport: one datagram at a time into {@link DtlsTransport#receive}. */
    private static void readInto(DtlsTransport transport, DatagramSocket socket) {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!Thread.currentThread().isInterrupted() && !socket.isClosed()) {
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException e) {
                return;
            }
            ByteBuf datagram = Unpooled.wrappedBuffer(buffer, 0, packet.getLength());
            try {
                transport.receive(datagram);
            } finally {
                datagram.release();
            }
        }
    }
}
