package org.parley.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DtlsTransportTest {

    private static final int AES_CM_128_HMAC_SHA1_80 = 0x0001;
    private static final int AEAD_AES_128_GCM = 0x0007;
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
    private static final int RECORD_HEADER_LENGTH = 13;
    private static final int CONTENT_TYPE_HANDSHAKE = 22;
    private static final int CONTENT_TYPE_APPLICATION_DATA = 23;

    private static DtlsCertificate serverCertificate;

    private final RecordingDtlsListener listener = new RecordingDtlsListener();
    private final HandshakeThreads handshakeThreads = new HandshakeThreads();
    private final InMemoryDatagramPipe pipe = new InMemoryDatagramPipe();
    private final ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor();
    private DtlsTransport transport;

    @BeforeAll
    static void generateServerCertificate() {
        serverCertificate = DtlsCertificate.generate();
    }

    @AfterEach
    void tearDown() throws Exception {
        pipe.close();
        if (transport != null) {
            transport.close();
        }
        assertTrue(handshakeThreads.awaitAllFinished(), "handshake thread still running");
        clientThreads.shutdownNow();
        assertTrue(listener.closedCalls.get() <= 1, "onClosed called more than once");
        assertTrue(listener.handshakeCompleteCalls.get() <= 1, "onHandshakeComplete called more than once");
    }

    static Stream<Arguments> profilePreferences() {
        return Stream.of(
                Arguments.of(new int[] {AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80},
                        new int[] {AES_CM_128_HMAC_SHA1_80, AEAD_AES_128_GCM}, AEAD_AES_128_GCM, 56),
                Arguments.of(new int[] {AES_CM_128_HMAC_SHA1_80, AEAD_AES_128_GCM},
                        new int[] {AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80}, AES_CM_128_HMAC_SHA1_80, 60),
                Arguments.of(new int[] {AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80},
                        new int[] {AES_CM_128_HMAC_SHA1_80}, AES_CM_128_HMAC_SHA1_80, 60));
    }

    @ParameterizedTest
    @MethodSource("profilePreferences")
    void bothSidesAgreeOnProfileAndKeyingMaterial(int[] serverPreference, int[] clientOffer, int expectedProfile,
                                                 int expectedLength) throws Exception {
        DtlsTestClient client = new DtlsTestClient(clientOffer);
        startServer(serverPreference, DtlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
        transport.setRemoteFingerprint(client.certificate().fingerprintAlgorithm(), client.certificate().fingerprint());

        DtlsTestClient.Session session = connect(client).get(20, TimeUnit.SECONDS);
        RecordingDtlsListener.Keys keys = listener.awaitKeys();

        assertEquals(expectedProfile, keys.srtpProtectionProfile());
        assertEquals(expectedProfile, session.srtpProtectionProfile());
        assertEquals(expectedLength, keys.keyingMaterial().length);
        assertArrayEquals(session.keyingMaterial(), keys.keyingMaterial());
        assertTrue(transport.isConnected());
        assertFalse(listener.closed.isDone());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-1", "SHA-384", "sha-512"})
    void acceptsOtherFingerprintHashesAndLowerCaseHex(String algorithm) throws Exception {
        DtlsTestClient client = new DtlsTestClient(AES_CM_128_HMAC_SHA1_80);
        startServer(new int[] {AES_CM_128_HMAC_SHA1_80}, DtlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
        transport.setRemoteFingerprint(algorithm,
                CertificateFingerprint.of(algorithm, client.certificate().encoded()).toLowerCase());

        connect(client).get(20, TimeUnit.SECONDS);

        assertEquals(60, listener.awaitKeys().keyingMaterial().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha-256", "md5"})
    void rejectsPeerWhoseCertificateDoesNotMatchTheFingerprint(String algorithm) throws Exception {
        DtlsTestClient client = new DtlsTestClient(AES_CM_128_HMAC_SHA1_80);
        startServer(new int[] {AES_CM_128_HMAC_SHA1_80}, DtlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
        transport.setRemoteFingerprint(algorithm, DtlsCertificate.generate().fingerprint());

        CompletableFuture<DtlsTestClient.Session> session = connect(client);

        assertEquals("DTLS: peer certificate fingerprint mismatch", listener.awaitClosed());
        assertThrows(ExecutionException.class, () -> session.get(20, TimeUnit.SECONDS));
        assertFalse(listener.keys.isDone());
        assertFalse(transport.isConnected());
    }

    @Test
    void failsWithoutACommonSrtpProfile() throws Exception {
        DtlsTestClient client = new DtlsTestClient(AES_CM_128_HMAC_SHA1_80);
        startServer(new int[] {AEAD_AES_128_GCM}, DtlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
        transport.setRemoteFingerprint("sha-256", client.certificate().fingerprint());

        CompletableFuture<DtlsTestClient.Session> session = connect(client);

        assertEquals("DTLS: peer offered no supported SRTP protection profile", listener.awaitClosed());
        assertThrows(ExecutionException.class, () -> session.get(20, TimeUnit.SECONDS));
        assertFalse(listener.keys.isDone());
    }

    @Test
    void survivesGarbageBeforeDuringAndAfterTheHandshake() throws Exception {
        DtlsTestClient client = new DtlsTestClient(AEAD_AES_128_GCM);
        startServer(new int[] {AEAD_AES_128_GCM}, DtlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
        transport.setRemoteFingerprint("sha-256", client.certificate().fingerprint());
        Random random = new Random(42);
        sendGarbage(random, 20, false);
        pipe.sendGarbageBeforeEachClientDatagram(7);

        DtlsTestClient.Session session = assertDoesNotThrow(() -> connect(client).get(20, TimeUnit.SECONDS));
        assertArrayEquals(session.keyingMaterial(), listener.awaitKeys().keyingMaterial());

        // Forged records of the current epoch fail authentication and must be dropped (RFC 6347 §4.1.2.7).
        sendGarbage(random, 20, true);
        sendGarbage(random, 20, false);
        assertFalse(listener.closed.isDone());
        // Had garbage failed the record layer, it would have sent a fatal alert instead of close_notify.
        transport.close();
        assertTrue(session.awaitCloseNotify(10));
        assertEquals("DTLS: closed locally", listener.awaitClosed());
    }

    @Test
    void receiveNeverThrowsAndLeavesTheBufferToTheCaller() {
        startServer(new int[] {AES_CM_128_HMAC_SHA1_80}, DtlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
        ByteBuf empty = Unpooled.buffer(0);
        ByteBuf oversized = Unpooled.buffer(4096).writeZero(4096);
        ByteBuf released = Unpooled.buffer(16).writeZero(16);
        released.release();
        ByteBuf normal = Unpooled.buffer(16).writeZero(16);

        assertDoesNotThrow(() -> transport.receive(empty));
        assertDoesNotThrow(() -> transport.receive(oversized));
        assertDoesNotThrow(() -> transport.receive(released));
        transport.receive(normal);

        assertEquals(3, transport.droppedDatagrams());
        assertEquals(1, normal.refCnt());
        assertEquals(0, normal.readerIndex());
        empty.release();
        oversized.release();
        normal.release();
    }

    @Test
    void dropsAndCountsDatagramsBeyondTheQueueCapacity() {
        // Not started: nothing drains the queue.
        transport = new DtlsTransport(serverCertificate, handshakeThreads, pipe, listener,
                new int[] {AES_CM_128_HMAC_SHA1_80});
        pipe.connect(transport);
        sendGarbage(new Random(1), 100, false);

        assertEquals(100 - 64, transport.droppedDatagrams());
    }

    @Test
    void timesOutWhenTheClientNeverSendsAnything() throws Exception {
        startServer(new int[] {AES_CM_128_HMAC_SHA1_80}, SHORT_TIMEOUT);

        assertEquals("DTLS: handshake timeout", listener.awaitClosed());
        assertTrue(handshakeThreads.awaitAllFinished());
        assertFalse(listener.keys.isDone());
    }

    @Test
    void timesOutWhenTheClientGoesSilentAfterItsClientHello() throws Exception {
        DtlsTestClient client = new DtlsTestClient(AES_CM_128_HMAC_SHA1_80);
        startServer(new int[] {AES_CM_128_HMAC_SHA1_80}, SHORT_TIMEOUT);
        transport.setRemoteFingerprint("sha-256", client.certificate().fingerprint());
        pipe.deliverOnly(1);

        CompletableFuture<DtlsTestClient.Session> session = connect(client);

        assertEquals("DTLS: handshake timeout", listener.awaitClosed());
        pipe.close();
        assertThrows(ExecutionException.class, () -> session.get(20, TimeUnit.SECONDS));
        assertFalse(listener.keys.isDone());
    }

    @Test
    void closeIsIdempotentSendsCloseNotifyAndStopsTheThread() throws Exception {
        DtlsTestClient client = new DtlsTestClient(AES_CM_128_HMAC_SHA1_80);
        startServer(new int[] {AES_CM_128_HMAC_SHA1_80}, DtlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
        transport.setRemoteFingerprint("sha-256", client.certificate().fingerprint());
        DtlsTestClient.Session session = connect(client).get(20, TimeUnit.SECONDS);
        listener.awaitKeys();

        transport.close();
        transport.close();

        assertTrue(session.awaitCloseNotify(10));
        assertEquals("DTLS: closed locally", listener.awaitClosed());
        assertTrue(handshakeThreads.awaitAllFinished());
        assertEquals(1, handshakeThreads.started());
        assertFalse(transport.isConnected());
        transport.close();
        assertEquals(1, listener.closedCalls.get());

        long dropped = transport.droppedDatagrams();
        sendGarbage(new Random(3), 1, false);
        assertEquals(dropped + 1, transport.droppedDatagrams());
    }

    @Test
    void closeDuringTheHandshakeAbortsIt() throws Exception {
        DtlsTestClient client = new DtlsTestClient(AES_CM_128_HMAC_SHA1_80);
        startServer(new int[] {AES_CM_128_HMAC_SHA1_80}, DtlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
        transport.setRemoteFingerprint("sha-256", client.certificate().fingerprint());
        pipe.deliverOnly(1);
        connect(client);

        transport.close();

        assertEquals("DTLS: closed locally", listener.awaitClosed());
        assertTrue(handshakeThreads.awaitAllFinished());
        assertFalse(listener.keys.isDone());
    }

    @Test
    void closeBeforeStartReportsOnceAndStartsNothing() throws Exception {
        transport = new DtlsTransport(serverCertificate, handshakeThreads, pipe, listener,
                new int[] {AES_CM_128_HMAC_SHA1_80});

        transport.close();
        transport.start();
        transport.close();

        assertEquals("DTLS: closed locally", listener.awaitClosed());
        assertEquals(1, listener.closedCalls.get());
        assertEquals(0, handshakeThreads.started());
    }

    @Test
    void reportsThePeersCloseNotify() throws Exception {
        DtlsTestClient client = new DtlsTestClient(AES_CM_128_HMAC_SHA1_80);
        startServer(new int[] {AES_CM_128_HMAC_SHA1_80}, DtlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
        transport.setRemoteFingerprint("sha-256", client.certificate().fingerprint());
        DtlsTestClient.Session session = connect(client).get(20, TimeUnit.SECONDS);
        listener.awaitKeys();

        session.close();

        assertEquals("DTLS: peer sent close_notify", listener.awaitClosed());
        assertTrue(handshakeThreads.awaitAllFinished());
        assertFalse(transport.isConnected());
    }

    // Bouncy Castle answers close_notify with ours and leaves the transport open if that send fails.
    @Test
    void reportsThePeersCloseNotifyEvenIfAnsweringItFails() throws Exception {
        DtlsTestClient client = new DtlsTestClient(AES_CM_128_HMAC_SHA1_80);
        startServer(new int[] {AES_CM_128_HMAC_SHA1_80}, DtlsTransport.DEFAULT_HANDSHAKE_TIMEOUT);
        transport.setRemoteFingerprint("sha-256", client.certificate().fingerprint());
        DtlsTestClient.Session session = connect(client).get(20, TimeUnit.SECONDS);
        listener.awaitKeys();
        pipe.failServerSendsOnceClosed();

        session.close(); // sends close_notify, then closes the client end

        assertEquals("DTLS: peer sent close_notify", listener.awaitClosed());
        assertTrue(handshakeThreads.awaitAllFinished());
        assertFalse(transport.isConnected());
    }

    @Test
    void rejectsUnsupportedProfilesUpFront() {
        assertThrows(IllegalArgumentException.class, () -> new DtlsTransport(serverCertificate, handshakeThreads,
                pipe, listener, new int[] {0x0005}));
        assertThrows(IllegalArgumentException.class, () -> new DtlsTransport(serverCertificate, handshakeThreads,
                pipe, listener, new int[0]));
    }

    private void startServer(int[] srtpProfiles, Duration handshakeTimeout) {
        transport = new DtlsTransport(serverCertificate, handshakeThreads, pipe, listener, srtpProfiles,
                handshakeTimeout);
        pipe.connect(transport);
        transport.start();
    }

    private CompletableFuture<DtlsTestClient.Session> connect(DtlsTestClient client) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return client.connect(pipe.clientEnd(), serverCertificate.fingerprint());
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, clientThreads);
    }

    /**
     * Random datagrams, half of them behind a DTLS 1.2 record header. A record with a consistent length goes as far as
     * decryption (and fails there), one with an inconsistent length is dropped by the record parser.
     */
    private void sendGarbage(Random random, int count, boolean consistentLength) {
        for (int i = 0; i < count; i++) {
            byte[] datagram = new byte[1 + random.nextInt(200)];
            random.nextBytes(datagram);
            if (i % 2 == 0 && datagram.length > RECORD_HEADER_LENGTH) {
                datagram[0] = (byte) (i % 4 == 0 ? CONTENT_TYPE_HANDSHAKE : CONTENT_TYPE_APPLICATION_DATA);
                datagram[1] = (byte) 0xFE; // DTLS 1.2
                datagram[2] = (byte) 0xFD;
                datagram[3] = 0;
                datagram[4] = (byte) (i % 4 == 0 ? 0 : 1); // epoch
                if (consistentLength) {
                    int length = datagram.length - RECORD_HEADER_LENGTH;
                    datagram[11] = (byte) (length >>> 8);
                    datagram[12] = (byte) length;
                }
            }
            pipe.deliverToServer(datagram, 0, datagram.length);
        }
    }
}
