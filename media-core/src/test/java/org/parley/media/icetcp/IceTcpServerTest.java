package org.parley.media.icetcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.media.MediaConfig;
import org.parley.media.MediaMetrics;
import org.parley.media.MediaServer;
import org.parley.media.dtls.DtlsTestClient;
import org.parley.media.ice.StunClass;
import org.parley.media.ice.StunMessage;
import org.parley.media.router.Consumer;
import org.parley.media.router.Producer;
import org.parley.media.srtp.SrtpProfile;
import org.parley.media.srtp.SrtpResult;
import org.parley.media.srtp.SrtpTransformer;
import org.parley.media.transport.TransportState;
import org.parley.media.transport.WebRtcTransport;

/**
 * ICE-TCP against a real media server on loopback: binding by the first STUN request, DTLS-SRTP and
 * forwarding over framed TCP, the limits on unauthenticated connections, closing with the transport,
 * and a slow reader whose excess is dropped and counted.
 */
class IceTcpServerTest {

    private static final Duration BIND_TIMEOUT = Duration.ofMillis(400);
    private static final int MAX_UNAUTHENTICATED = 3;
    private static final long PUBLISHED_SSRC = 2865197434L;

    private MediaServer server;
    private MediaMetrics metrics;

    @BeforeEach
    void start() throws InterruptedException {
        server = MediaServer.start(new MediaConfig("127.0.0.1", "127.0.0.1", 0, 0), new SimpleMeterRegistry(),
                new IceTcpServer.Limits(MAX_UNAUTHENTICATED, BIND_TIMEOUT, 16 * 1024, 32 * 1024));
        metrics = server.metrics();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A negotiated transport and what the peer learns from the answer. */
    private record Negotiated(WebRtcTransport transport, DtlsTestClient dtls, String answer, String ufrag,
                              String password) {
    }

    private Negotiated negotiate() throws Exception {
        WebRtcTransport transport = server.createTransport();
        DtlsTestClient dtls = new DtlsTestClient(SrtpProfile.dtlsIdsByPreference());
        String answer = transport.negotiate(TcpPeer.offer(dtls.certificate().fingerprint())).answerSdp();
        return new Negotiated(transport, dtls, answer, TcpPeer.attribute(answer, "a=ice-ufrag:"),
                TcpPeer.attribute(answer, "a=ice-pwd:"));
    }

    private static StunMessage stun(byte[] frame) throws Exception {
        return StunMessage.decode(Unpooled.wrappedBuffer(frame));
    }

    @Test
    void answerOffersThePassiveTcpCandidateOnTheBoundPort() throws Exception {
        Negotiated n = negotiate();
        assertTrue(n.answer().contains(" 1 tcp " + 1520435199L + " 127.0.0.1 " + server.tcpPort()
                + " typ host tcptype passive\r\n"), n.answer());
        assertTrue(n.answer().contains(" 1 udp 2130706431 127.0.0.1 " + server.udpPort() + " typ host\r\n"),
                n.answer());
    }

    @Test
    void anAuthenticatedCheckBindsTheConnectionAndClosingTheTransportClosesIt() throws Exception {
        Negotiated n = negotiate();
        try (TcpPeer peer = TcpPeer.connect(server.tcpPort())) {
            peer.sendFrame(peer.bindingRequest(n.ufrag(), n.password()));
            byte[] frame = peer.nextFrame(0, 3, 3000);
            assertNotNull(frame, "no framed Binding response");
            StunMessage response = stun(frame);
            assertEquals(StunClass.SUCCESS_RESPONSE, response.messageClass());
            assertEquals(peer.socket.getLocalSocketAddress(), response.xorMappedAddress(),
                    "XOR-MAPPED-ADDRESS is the TCP peer's address");
            assertEquals(TransportState.CONNECTING, n.transport().state());

            n.transport().close();
            assertTrue(peer.awaitClosedByServer(3000), "closing the transport closes its TCP connection");
            assertEquals(1.0, metrics.tcpClosedTransport.count());
            awaitTrue(() -> server.tcpConnections() == 0, "the connection is gone");
        }
    }

    @Test
    void mediaFlowsBothWaysOverTcpWithDtlsAndSrtp() throws Exception {
        Negotiated n = negotiate();
        try (TcpPeer peer = TcpPeer.connect(server.tcpPort())) {
            peer.sendFrame(peer.bindingRequest(n.ufrag(), n.password()));
            assertNotNull(peer.nextFrame(0, 3, 3000), "Binding response");
            DtlsTestClient.Session session = n.dtls().connect(peer.dtls(), server.certificate().fingerprint());
            SrtpTransformer srtp = SrtpTransformer.fromDtlsKeyingMaterial(
                    SrtpProfile.fromDtlsId(session.srtpProtectionProfile()), session.keyingMaterial(), false);
            awaitTrue(() -> n.transport().state() == TransportState.CONNECTED, "connected after DTLS over TCP");

            // The peer's published stream (mid 0) loops back to it on its first subscription (mid 1).
            Producer producer = n.transport().producers().get(0);
            Consumer consumer = n.transport().consumer("1");
            server.router().connect(consumer, producer);
            byte[] payload = new byte[60];
            ThreadLocalRandom.current().nextBytes(payload);
            byte[] received = null;
            for (int seq = 1; seq <= 50 && received == null; seq++) {
                ByteBuf rtp = Unpooled.buffer(200).writeByte(0x80).writeByte(111).writeShort(seq)
                        .writeInt(seq * 960).writeInt((int) PUBLISHED_SSRC).writeBytes(payload);
                assertEquals(SrtpResult.OK, srtp.protectRtp(rtp));
                peer.sendFrame(Arrays.copyOfRange(rtp.array(), rtp.readerIndex(), rtp.writerIndex()));
                received = nextRtp(peer, srtp, 100);
            }
            assertNotNull(received, "forwarded RTP came back over TCP");
            assertArrayEquals(payload, Arrays.copyOfRange(received, received.length - payload.length,
                    received.length), "payload survives SRTP both ways");
            assertEquals(consumer.ssrc(), Integer.toUnsignedLong(Unpooled.wrappedBuffer(received).getInt(8)));
        }
    }

    /** The next decrypted RTP (not RTCP) packet from the server, or null. */
    private static byte[] nextRtp(TcpPeer peer, SrtpTransformer srtp, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            byte[] frame = peer.nextFrame(128, 191, 20);
            if (frame == null || frame.length < 12 || ((frame[1] & 0xFF) >= 192 && (frame[1] & 0xFF) <= 223)) {
                continue;
            }
            ByteBuf packet = Unpooled.wrappedBuffer(frame);
            assertEquals(SrtpResult.OK, srtp.unprotectRtp(packet), "SRTP from the server authenticates");
            return Arrays.copyOfRange(frame, 0, packet.writerIndex());
        }
        return null;
    }

    @Test
    void aSecondAuthenticatedConnectionReplacesTheFirst() throws Exception {
        Negotiated n = negotiate();
        try (TcpPeer first = TcpPeer.connect(server.tcpPort()); TcpPeer second = TcpPeer.connect(server.tcpPort())) {
            first.sendFrame(first.bindingRequest(n.ufrag(), n.password()));
            assertNotNull(first.nextFrame(0, 3, 3000));
            second.sendFrame(second.bindingRequest(n.ufrag(), n.password()));
            assertNotNull(second.nextFrame(0, 3, 3000));
            assertTrue(first.awaitClosedByServer(3000), "the older connection is closed");
            assertEquals(1.0, metrics.tcpClosedReplaced.count());
            second.sendFrame(second.bindingRequest(n.ufrag(), n.password()));
            assertNotNull(second.nextFrame(0, 3, 3000), "the newer one carries the transport on");
        }
    }

    @Test
    void aConnectionThatNeverSendsStunIsClosedAfterTheTimeout() throws Exception {
        try (TcpPeer peer = TcpPeer.connect(server.tcpPort())) {
            assertTrue(peer.awaitClosedByServer(BIND_TIMEOUT.toMillis() + 3000), "closed after the bind timeout");
            assertEquals(1.0, metrics.tcpClosedTimeout.count());
        }
    }

    @Test
    void aFirstFrameThatIsNotStunClosesTheConnection() throws Exception {
        try (TcpPeer peer = TcpPeer.connect(server.tcpPort())) {
            peer.sendFrame(new byte[] {(byte) 0x80, 111, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4});
            assertClosed(peer, metrics.tcpClosedUnauthenticated);
        }
    }

    @Test
    void aCheckWithTheWrongPasswordIsAnsweredAndTheConnectionClosed() throws Exception {
        Negotiated n = negotiate();
        try (TcpPeer peer = TcpPeer.connect(server.tcpPort())) {
            peer.sendFrame(peer.bindingRequest(n.ufrag(), "not-the-password-at-all!"));
            byte[] frame = peer.nextFrame(0, 3, 3000);
            assertNotNull(frame, "a 401 error response before the close");
            assertEquals(StunClass.ERROR_RESPONSE, stun(frame).messageClass());
            assertClosed(peer, metrics.tcpClosedUnauthenticated);
            assertEquals(TransportState.NEW, n.transport().state(), "the transport is untouched");
        }
    }

    @Test
    void anOversizedFrameClosesTheConnection() throws Exception {
        Negotiated n = negotiate();
        try (TcpPeer peer = TcpPeer.connect(server.tcpPort())) {
            peer.sendFrame(peer.bindingRequest(n.ufrag(), n.password()));
            assertNotNull(peer.nextFrame(0, 3, 3000));
            peer.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x17, (byte) 0xFE}); // a 65535-byte frame announced
            assertClosed(peer, metrics.tcpClosedBadFrame);
        }
    }

    @Test
    void garbageBeforeAnyFrameClosesTheConnection() throws Exception {
        try (TcpPeer peer = TcpPeer.connect(server.tcpPort())) {
            peer.sendRaw("GET / HTTP/1.1\r\nHost: parley\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertTrue(peer.awaitClosedByServer(3000), "closed");
            // "GE" announces an 18245-byte frame: over the limit
            assertEquals(1.0, metrics.tcpClosedBadFrame.count());
        }
    }

    @Test
    void unauthenticatedConnectionsAreBounded() throws Exception {
        TcpPeer[] idle = new TcpPeer[MAX_UNAUTHENTICATED];
        try {
            for (int i = 0; i < idle.length; i++) {
                idle[i] = TcpPeer.connect(server.tcpPort());
            }
            awaitTrue(() -> server.tcpConnections() == MAX_UNAUTHENTICATED, "all idle connections accepted");
            try (TcpPeer refused = TcpPeer.connect(server.tcpPort())) {
                assertTrue(refused.awaitClosedByServer(3000), "one too many is closed at once");
                assertEquals(1.0, metrics.tcpClosedLimit.count());
            }
            for (TcpPeer peer : idle) {
                assertTrue(peer.awaitClosedByServer(BIND_TIMEOUT.toMillis() + 3000), "idle ones time out");
            }
            assertEquals(MAX_UNAUTHENTICATED, metrics.tcpClosedTimeout.count());
            // The slots are free again: a new connection is accepted and binds.
            Negotiated n = negotiate();
            try (TcpPeer peer = TcpPeer.connect(server.tcpPort())) {
                peer.sendFrame(peer.bindingRequest(n.ufrag(), n.password()));
                assertNotNull(peer.nextFrame(0, 3, 3000));
            }
        } finally {
            for (TcpPeer peer : idle) {
                if (peer != null) {
                    peer.close();
                }
            }
        }
    }

    @Test
    void aSlowReaderLosesPacketsNotTheEventLoop() throws Exception {
        Negotiated n = negotiate();
        try (TcpPeer peer = TcpPeer.connect(server.tcpPort(), 4096)) {
            // Bound, but the peer reads nothing yet; its Binding response waits in the socket.
            peer.sendFrame(peer.bindingRequest(n.ufrag(), n.password()));
            awaitTrue(() -> n.transport().state() == TransportState.CONNECTING, "bound");
            byte[] keys = new byte[2 * (16 + 14)];
            ThreadLocalRandom.current().nextBytes(keys);
            n.transport().startMedia(SrtpTransformer.fromDtlsKeyingMaterial(SrtpProfile.AES_CM_128_HMAC_SHA1_80, keys,
                    true), null);
            awaitTrue(() -> n.transport().state() == TransportState.CONNECTED, "keyed");

            int packets = 20_000;
            int payload = 1000;
            long[] accepted = new long[1];
            long[] droppedNow = new long[1];
            // Counted inside the one event-loop task: the media tick's RTCP reports, sent between tasks, may
            // be queued or dropped too, and are not among these packets.
            server.eventLoop().submit(() -> {
                double sentBefore = metrics.packetsSent.count();
                double droppedBefore = metrics.droppedTcpBacklog.count();
                for (int seq = 0; seq < packets; seq++) {
                    ByteBuf rtp = n.transport().allocator().directBuffer(12 + payload + 16);
                    rtp.writeByte(0x80).writeByte(111).writeShort(seq).writeInt(seq * 960).writeInt(0x1234)
                            .writeZero(payload);
                    n.transport().sendRtp(rtp);
                }
                accepted[0] = (long) (metrics.packetsSent.count() - sentBefore);
                droppedNow[0] = (long) (metrics.droppedTcpBacklog.count() - droppedBefore);
            }).get(10, TimeUnit.SECONDS);
            long dropped = droppedNow[0];
            assertTrue(dropped > 0, "a reader that does not read loses packets");
            assertEquals(packets, accepted[0] + dropped, "every packet is either queued or counted as dropped");
            // Over 20 MB offered; what was queued is bounded by the water mark and the socket buffers.
            assertTrue(accepted[0] * (12 + payload + 10) < 8 << 20, "queued " + accepted[0] + " packets");

            // The loop is free for everyone else meanwhile, and what was queued arrives intact, whole frames.
            server.eventLoop().submit(() -> { }).get(1, TimeUnit.SECONDS);
            peer.startReading();
            assertNotNull(peer.nextFrame(0, 3, 3000), "the Binding response first");
            for (long i = 0; i < accepted[0]; i++) {
                byte[] frame = peer.nextFrame(128, 191, 5000);
                assertNotNull(frame, "queued packet " + i + " of " + accepted[0]);
                if ((frame[1] & 0xFF) >= 192 && (frame[1] & 0xFF) <= 223) {
                    i--; // an RTCP report of the media tick (RFC 5761 §4), not one of ours
                    continue;
                }
                assertEquals(12 + payload + 10, frame.length, "an SRTP packet, tag included");
            }
        }
    }

    private void assertClosed(TcpPeer peer, Counter reason) throws InterruptedException {
        assertTrue(peer.awaitClosedByServer(3000), "the server closes the connection");
        awaitTrue(() -> reason.count() == 1.0, "counted once");
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(10);
        }
    }
}
