package org.parley.media.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.parley.media.MediaServer;
import org.parley.media.dtls.DtlsTestClient;
import org.parley.media.ice.ControllingBindingRequest;
import org.parley.media.ice.StunClass;
import org.parley.media.ice.StunDecodeException;
import org.parley.media.ice.StunMessage;
import org.parley.media.sdp.SdpException;
import org.parley.media.srtp.SrtpProfile;
import org.parley.media.srtp.SrtpResult;
import org.parley.media.srtp.SrtpTransformer;

/**
 * A participant made of a plain Java UDP socket that knows its credentials: it negotiates a Chrome offer
 * (one sendonly m-line, mid 0, and three recvonly ones), checks in with an authenticated STUN request, runs
 * DTLS with {@link DtlsTestClient} and then sends and receives SRTP it protects itself. Tests use it to send
 * what a browser never would, from an address the server trusts.
 */
final class RawParticipant implements AutoCloseable {

    /** The offer's ice-ufrag and the SSRC its sendonly m-line signals. */
    static final String CLIENT_UFRAG = "Kd7p";
    static final long PUBLISHED_SSRC = 2865197434L;
    static final int OPUS = 111;

    private static final String OFFER = "/org/parley/media/sdp/chrome-publish-and-three-subscribes.sdp";
    private static final int RECEIVE_BUFFER = 2048;

    final WebRtcTransport transport;
    final DatagramSocket socket;
    private final MediaServer server;
    private final DtlsTestClient dtlsClient;
    private final String serverUfrag;
    private final byte[] serverPassword;
    private final long tiebreaker = ThreadLocalRandom.current().nextLong();
    private DtlsTestClient.Session session;
    private SrtpTransformer srtp;

    private RawParticipant(MediaServer server, WebRtcTransport transport, DtlsTestClient dtlsClient,
                           String answerSdp) throws IOException {
        this.server = server;
        this.transport = transport;
        this.dtlsClient = dtlsClient;
        this.serverUfrag = attribute(answerSdp, "a=ice-ufrag:");
        this.serverPassword = attribute(answerSdp, "a=ice-pwd:").getBytes(UTF_8);
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort()));
    }

    /** A new transport on {@code server}, negotiated with the Chrome offer carrying our certificate's fingerprint. */
    static RawParticipant negotiate(MediaServer server) throws IOException, SdpException {
        WebRtcTransport transport = server.createTransport();
        RawParticipant participant = null;
        try {
            DtlsTestClient dtlsClient = new DtlsTestClient(SrtpProfile.dtlsIdsByPreference());
            String offer = offerWithFingerprint(dtlsClient.certificate().fingerprint());
            participant = new RawParticipant(server, transport, dtlsClient, transport.negotiate(offer).answerSdp());
        } finally {
            if (participant == null) {
                transport.close();
            }
        }
        return participant;
    }

    /** Negotiates, checks in and completes DTLS: the state in which a browser starts sending media. */
    static RawParticipant connect(MediaServer server) throws IOException, SdpException {
        RawParticipant participant = negotiate(server);
        try {
            participant.checkIn();
            participant.handshake();
            return participant;
        } catch (IOException | RuntimeException | Error e) {
            participant.close();
            throw e;
        }
    }

    private static String offerWithFingerprint(String fingerprint) {
        try (InputStream in = RawParticipant.class.getResourceAsStream(OFFER)) {
            String offer = new String(in.readAllBytes(), UTF_8).replace("\n", "\r\n");
            return offer.replaceAll("a=fingerprint:sha-256 [0-9A-F:]+", "a=fingerprint:sha-256 " + fingerprint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String attribute(String sdp, String prefix) {
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new AssertionError("no " + prefix + " in the answer:\n" + sdp);
    }

    // ---- ICE and DTLS ------------------------------------------------------------------------

    String serverUfrag() {
        return serverUfrag;
    }

    /** The server's ice-pwd: the MESSAGE-INTEGRITY key of our checks (RFC 8445 §7.2.2). */
    byte[] serverPassword() {
        return serverPassword.clone();
    }

    /**
     * A Binding request as a controlling browser sends it (RFC 8445 §7.1): USERNAME {@code server:client},
     * PRIORITY, USE-CANDIDATE, ICE-CONTROLLING, MESSAGE-INTEGRITY keyed with {@code integrityKey}, FINGERPRINT.
     */
    byte[] bindingRequest(byte[] transactionId, byte[] integrityKey) {
        return ControllingBindingRequest.encode(serverUfrag, CLIENT_UFRAG, tiebreaker, transactionId, integrityKey);
    }

    /** Sends an authenticated Binding request and waits for its success response. */
    void checkIn() throws IOException {
        sync();
    }

    /**
     * Sends an authenticated Binding request and reads until its success response comes back, dropping what
     * else arrives (RTCP reports). The server's one event loop handles this socket's datagrams in order, so
     * once the response is here every datagram sent before it has been handled and counted.
     */
    void sync() throws IOException {
        byte[] transactionId = new byte[12];
        ThreadLocalRandom.current().nextBytes(transactionId);
        send(bindingRequest(transactionId, serverPassword));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            byte[] datagram = receive(200);
            if (datagram == null || datagram.length == 0 || (datagram[0] & 0xFF) > 3) {
                continue;
            }
            StunMessage response;
            try {
                response = StunMessage.decode(Unpooled.wrappedBuffer(datagram));
            } catch (StunDecodeException e) {
                throw new AssertionError("the server sent malformed STUN", e);
            }
            if (Arrays.equals(transactionId, response.transactionId())) {
                assertEquals(StunClass.SUCCESS_RESPONSE, response.messageClass(), "binding answer: " + response);
                return;
            }
        }
        fail("no answer to an authenticated binding request within 5 s");
    }

    /** Runs the DTLS handshake over this socket and keys SRTP; returns once the transport is connected. */
    void handshake() throws IOException {
        session = dtlsClient.connect(DtlsTestClient.overUdp(socket), server.certificate().fingerprint());
        SrtpProfile profile = SrtpProfile.fromDtlsId(session.srtpProtectionProfile());
        srtp = SrtpTransformer.fromDtlsKeyingMaterial(profile, session.keyingMaterial(), false);
        // The server learns of the handshake on its DTLS thread and moves to CONNECTED on its event loop.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (transport.state() != TransportState.CONNECTED && System.nanoTime() < deadline) {
            sleep(10);
        }
        assertEquals(TransportState.CONNECTED, transport.state(), "state after the DTLS handshake");
    }

    /** The DTLS association, e.g. to wait for the server's close_notify. */
    DtlsTestClient.Session dtlsSession() {
        return session;
    }

    // ---- SRTP --------------------------------------------------------------------------------

    /** A plain RTP packet: 12-byte header, no CSRCs or extensions (RFC 3550 §5.1). */
    static byte[] rtp(int payloadType, int sequenceNumber, long timestamp, long ssrc, byte[] payload) {
        ByteBuf packet = Unpooled.buffer(12 + payload.length);
        packet.writeByte(0x80).writeByte(payloadType).writeShort(sequenceNumber)
                .writeInt((int) timestamp).writeInt((int) ssrc).writeBytes(payload);
        return ByteBufUtil.getBytes(packet);
    }

    /** {@code rtp} protected with our outbound SRTP keys. */
    byte[] protectRtp(byte[] rtp) {
        return protect(rtp, false);
    }

    /** An RTCP compound (or anything starting like one) protected with our outbound SRTCP keys. */
    byte[] protectRtcp(byte[] rtcp) {
        return protect(rtcp, true);
    }

    private byte[] protect(byte[] packet, boolean rtcp) {
        ByteBuf buffer = Unpooled.buffer(packet.length + 64).writeBytes(packet);
        SrtpResult result = rtcp ? srtp.protectRtcp(buffer) : srtp.protectRtp(buffer);
        assertEquals(SrtpResult.OK, result, "protecting our own packet");
        return ByteBufUtil.getBytes(buffer);
    }

    /** Decrypts an SRTP packet from the server in place; the result, and the plain RTP in {@code packet}. */
    SrtpResult unprotectRtp(ByteBuf packet) {
        return srtp.unprotectRtp(packet);
    }

    // ---- the socket --------------------------------------------------------------------------

    void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length));
    }

    /** The next datagram from the server, or null after {@code timeoutMillis}. */
    byte[] receive(int timeoutMillis) throws IOException {
        byte[] buffer = new byte[RECEIVE_BUFFER];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout(timeoutMillis);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return Arrays.copyOf(buffer, packet.getLength());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        transport.close();
        socket.close();
    }
}
