package org.parley.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.media.MediaConfig;
import org.parley.media.MediaMetrics;
import org.parley.media.MediaServer;
import org.parley.media.ice.IceLiteAgent;
import org.parley.media.ice.StunClass;
import org.parley.media.ice.StunMessage;
import org.parley.media.router.Consumer;
import org.parley.media.router.Producer;
import org.parley.media.srtp.SrtpResult;

/**
 * A participant that holds valid ICE credentials and DTLS-SRTP keys and uses them to send garbage: every
 * bad datagram must end in exactly one drop counter (or SRTP auth failure), the transport must stay
 * connected, and the valid media it sends in between must still reach a second participant intact.
 *
 * <p>Counts are exact: after each batch the participant sends an authenticated STUN check and waits for
 * its answer, and since one event loop handles the socket in order, everything sent before has been
 * counted by then. The same pacing keeps the socket buffers from overflowing.
 */
@Timeout(60)
class HostileParticipantTest {

    /** Datagrams sent between two syncs; far below what the server's socket buffer holds. */
    private static final int BATCH = 200;
    /** Valid packets sent before the listener reads their copies; far below what its socket buffer holds. */
    private static final int FORWARD_BATCH = 50;

    private final Random random = new Random(20261124);
    private MediaServer server;
    private MediaMetrics metrics;
    private final List<RawParticipant> participants = new ArrayList<>();

    /** What the hostile participant publishes validly, in order, and what the listener must hear. */
    private final List<byte[]> validPayloads = new ArrayList<>();
    private final List<byte[]> validDatagrams = new ArrayList<>();
    private final List<byte[]> forwardedPayloads = new ArrayList<>();
    private final Set<Long> forwardedSsrcs = new HashSet<>();
    private int sequenceNumber = 1000;
    private long timestamp = 480_000;

    private RawParticipant hostile;
    private RawParticipant listener;
    private Producer producer;
    private Consumer consumer;
    private final List<String> closeReasons = new CopyOnWriteArrayList<>();

    /** A hostile publisher and a listener subscribed to it, 50 valid packets forwarded between them. */
    @BeforeEach
    void start() throws Exception {
        server = MediaServer.start(MediaConfig.udpOnly("127.0.0.1", "127.0.0.1", 0), new SimpleMeterRegistry());
        metrics = server.metrics();
        hostile = join();
        listener = join();
        hostile.transport.onClose(closeReasons::add);
        producer = hostile.transport.producers().get(0);
        assertEquals(RawParticipant.PUBLISHED_SSRC, producer.ssrc());
        consumer = listener.transport.consumer("1");
        server.router().connect(consumer, producer);
        assertSame(producer, onEventLoop(listener.transport, consumer::producer));
        sendValid(50);
        assertEquals(50, onEventLoop(hostile.transport, () -> producer.receiveStatistics().packets()));
    }

    @AfterEach
    void stop() {
        participants.forEach(RawParticipant::close);
        server.close();
    }

    @Test
    void forgedSrtpTagsAreCountedAndDoNotMoveTheReplayWindow() throws Exception {
        long before = accountedDrops();
        List<byte[]> forged = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Plain RTP and 16 random bytes where the tag goes (RFC 3711 §3.3 step 5 fails). Not protected:
            // protecting these sequence numbers now would forbid protecting them again below (keystream reuse).
            byte[] rtp = rtpPacket(sequenceNumber + i, RawParticipant.PUBLISHED_SSRC);
            byte[] packet = Arrays.copyOf(rtp, rtp.length + 16);
            random.nextBytes(packet);
            System.arraycopy(rtp, 0, packet, 0, 12);
            forged.add(packet);
        }
        sendPaced(forged);
        assertEquals(300, accountedDrops() - before, "every forged packet is counted once");
        assertEquals(300, metrics.srtpAuthFailures.count());
        assertEquals(300, hostile.transport.stats().srtpAuthFailures());
        // A failed tag must not move the replay window: the same sequence numbers, validly protected, pass.
        sendValid(300);
        assertStillConnectedAndForwarding();
    }

    @Test
    void replayedSrtpAndSrtcpAreCounted() throws Exception {
        sendValid(100);
        long before = accountedDrops();
        sendPaced(validDatagrams.subList(0, 150)); // RFC 3711 §3.3.2
        byte[] report = hostile.protectRtcp(ByteBufUtil.getBytes(Unpooled.buffer()
                .writeByte(0x80).writeByte(201).writeShort(1).writeInt((int) RawParticipant.PUBLISHED_SSRC)));
        sendPaced(List.of(report, report)); // RFC 3711 §3.4: the second is a replay
        assertEquals(151, metrics.droppedReplayed.count());
        assertEquals(151, accountedDrops() - before);
        assertStillConnectedAndForwarding();
    }

    @Test
    void unknownSsrcsAndBrokenRtpInsideValidSrtpAreCounted() throws Exception {
        long before = accountedDrops();
        List<byte[]> badRtp = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            badRtp.add(hostile.protectRtp(rtpPacket(i, 0x10000L + random.nextInt(1 << 30))));
        }
        for (int i = 0; i < 10; i++) {
            // Another SSRC: protecting sequence numbers ahead of the published stream's would make our own
            // SRTP refuse the ones in between later (RFC 3711 §9.1 keystream reuse guard).
            byte[] padded = rtpPacket(i, RawParticipant.PUBLISHED_SSRC + 1);
            padded[0] |= 0x20; // P bit: the last byte counts the padding (RFC 3550 §5.1), here past the start
            padded[padded.length - 1] = (byte) 255;
            badRtp.add(hostile.protectRtp(padded));
        }
        sendPaced(badRtp);
        assertEquals(20, metrics.droppedUnknownSsrc.count());
        assertEquals(10, metrics.droppedMalformed.count());
        assertEquals(30, accountedDrops() - before);
        assertStillConnectedAndForwarding();
    }

    @Test
    void rtcpGarbageInsideValidSrtcpIsDroppedWhole() throws Exception {
        long before = accountedDrops();
        sendPaced(brokenRtcpCompounds(200));
        assertEquals(200, metrics.droppedMalformed.count());
        assertEquals(200, accountedDrops() - before);
        // Well-formed but hostile feedback: nothing to count and nothing to break.
        sendPaced(hostileFeedback(consumer.ssrc()));
        assertEquals(200, accountedDrops() - before, "valid RTCP is not a drop");
        assertStillConnectedAndForwarding();
    }

    @Test
    void dtlsGarbageAfterTheHandshakeIsCountedAndLeavesTheAssociationUp() throws Exception {
        // What cannot be DTLS records is counted.
        long before = accountedDrops();
        sendPaced(illFramedDtls(300));
        assertEquals(300, metrics.droppedDtls.count());
        // Protected records too short for the GCM nonce and tag: the record layer would fail the association.
        sendPaced(tooShortProtectedDtls(100));
        assertEquals(400, metrics.droppedDtls.count());
        assertEquals(400, accountedDrops() - before);
        // Well-framed records with garbage inside go to the record layer, which discards them silently
        // (RFC 6347 §4.1.2.7); the valid packets sent afterwards give it time to have done so.
        sendPaced(wellFramedDtlsGarbage(100));
        sendValid(200);
        assertStillConnectedAndForwarding();
    }

    @Test
    void truncationsOfEveryLengthAreEachCountedOnce() throws Exception {
        List<byte[]> truncated = new ArrayList<>();
        byte[] validRtp = hostile.protectRtp(rtpPacket(1, RawParticipant.PUBLISHED_SSRC + 2));
        byte[] validRtcp = hostileFeedback(consumer.ssrc()).get(1);
        byte[] validStun = hostile.bindingRequest(new byte[12], hostile.serverPassword());
        byte[] wholeDtls = dtlsRecord(23, 1, 40);
        for (byte[] whole : List.of(validRtp, validRtcp, validStun, wholeDtls)) {
            // From 1: Netty's epoll transport consumes an empty datagram without passing it on (sent below).
            for (int length = 1; length < whole.length; length++) {
                truncated.add(Arrays.copyOf(whole, length));
            }
        }
        long before = accountedDrops();
        sendPaced(truncated);
        assertEquals(truncated.size(), accountedDrops() - before, "each truncated datagram counted once");
        sendPaced(List.of(new byte[0], new byte[0]));
        assertStillConnectedAndForwarding();
    }

    @Test
    void checksFromAnotherAddressWithoutThePasswordBindNothing() throws Exception {
        try (DatagramSocket intruder = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            intruder.connect(hostile.socket.getRemoteSocketAddress());
            intruder.setSoTimeout(2000);
            send(intruder, hostile.bindingRequest(new byte[12], "not the password".getBytes(StandardCharsets.UTF_8)));
            byte[] buffer = new byte[1500];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            intruder.receive(answer);
            StunMessage error = StunMessage.decode(Unpooled.wrappedBuffer(buffer, 0, answer.getLength()));
            assertEquals(StunClass.ERROR_RESPONSE, error.messageClass());
            assertEquals(401, error.errorCode(), "RFC 5389 §10.1.2: Unauthorized");
            assertEquals(1, metrics.droppedStun.count());

            // Media from the intruder's address, even protected with the right keys, belongs to nobody.
            send(intruder, hostile.protectRtp(rtpPacket(1, RawParticipant.PUBLISHED_SSRC + 3)));
            awaitCount(metrics.droppedUnknownSource, 1);
        }
        assertStillConnectedAndForwarding();
    }

    @Test
    void consentExpiryClosesTheTransport() throws Exception {
        CompletableFuture<String> closed = new CompletableFuture<>();
        hostile.transport.onClose(closed::complete);

        long beforeCheck = System.nanoTime();
        hostile.sync();
        long afterCheck = System.nanoTime();
        // tick(now) is the server's once-a-second clock; handing it a later "now" stands in for waiting.
        WebRtcTransport transport = hostile.transport;
        long almost = beforeCheck + TimeUnit.SECONDS.toNanos(29);
        assertEquals(TransportState.CONNECTED, onEventLoop(transport, () -> tick(transport, almost)),
                "29 s after the last check consent still holds (RFC 7675 §5.1)");
        long lapsed = afterCheck + IceLiteAgent.DEFAULT_CONSENT_TIMEOUT.toNanos();
        assertEquals(TransportState.CLOSED, onEventLoop(transport, () -> tick(transport, lapsed)));

        assertEquals("ICE consent expired (RFC 7675)", closed.get(5, TimeUnit.SECONDS));
        assertTrue(producer.isClosed());
        assertNull(server.router().producer(producer.id()), "the router forgot the producer");
        assertNull(onEventLoop(listener.transport, consumer::producer), "the listener's consumer lost its source");
        assertEquals(TransportState.CONNECTED, listener.transport.state(), "the listener stays");
        assertEquals(1, metrics.transportsClosed.count());
        // The address and ufrag are forgotten: even a valid check is now from nobody.
        hostile.send(hostile.bindingRequest(new byte[12], hostile.serverPassword()));
        awaitCount(metrics.droppedUnknownSource, 1);
        assertTrue(hostile.dtlsSession().awaitCloseNotify(5), "the peer is told with close_notify");
    }

    // ---- participants and traffic ------------------------------------------------------------

    private RawParticipant join() throws Exception {
        RawParticipant participant = RawParticipant.connect(server);
        participants.add(participant);
        return participant;
    }

    private byte[] rtpPacket(int sequence, long ssrc) {
        byte[] payload = new byte[40];
        random.nextBytes(payload);
        return RawParticipant.rtp(RawParticipant.OPUS, sequence & 0xFFFF, timestamp, ssrc, payload);
    }

    /**
     * Sends {@code count} valid packets of the published stream and reads their forwarded copies off the
     * listener's socket, a few at a time so that its receive buffer never overflows.
     */
    private void sendValid(int count) throws IOException {
        for (int sent = 0; sent < count; sent += FORWARD_BATCH) {
            List<byte[]> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(FORWARD_BATCH, count - sent); i++) {
                byte[] rtp = rtpPacket(sequenceNumber++, RawParticipant.PUBLISHED_SSRC);
                timestamp += 960;
                validPayloads.add(Arrays.copyOfRange(rtp, 12, rtp.length));
                byte[] datagram = hostile.protectRtp(rtp);
                validDatagrams.add(datagram);
                batch.add(datagram);
            }
            sendPaced(batch);
            readForwarded(batch.size());
        }
    }

    /** Reads {@code count} forwarded RTP packets (skipping the server's RTCP), decrypting each. */
    private void readForwarded(int count) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (int read = 0; read < count && System.nanoTime() < deadline; ) {
            byte[] datagram = listener.receive(200);
            if (datagram == null || isRtcp(datagram)) {
                continue;
            }
            ByteBuf packet = Unpooled.wrappedBuffer(datagram);
            assertEquals(SrtpResult.OK, listener.unprotectRtp(packet), "forwarded SRTP decrypts");
            forwardedSsrcs.add(packet.getUnsignedInt(8));
            forwardedPayloads.add(ByteBufUtil.getBytes(packet, 12, packet.readableBytes() - 12));
            read++;
        }
    }

    private static boolean isRtcp(byte[] datagram) {
        int secondByte = datagram.length > 1 ? datagram[1] & 0xFF : 0;
        return secondByte >= 192 && secondByte <= 223;
    }

    /** Sends as the hostile participant, syncing after every {@link #BATCH} datagrams and at the end. */
    private void sendPaced(List<byte[]> datagrams) throws IOException {
        for (int i = 0; i < datagrams.size(); i++) {
            hostile.send(datagrams.get(i));
            if (i % BATCH == BATCH - 1) {
                hostile.sync();
            }
        }
        hostile.sync();
    }

    /** SRTCP-protected compounds whose length fields do not add up (RFC 3550 §6.1). */
    private List<byte[]> brokenRtcpCompounds(int count) {
        List<byte[]> packets = new ArrayList<>();
        // One sender SSRC: SRTCP keeps state per SSRC, for at most SrtpTransformer.MAX_SSRCS of them.
        int sender = (int) RawParticipant.PUBLISHED_SSRC;
        for (int i = 0; i < count; i++) {
            int words = 1 + random.nextInt(8);
            ByteBuf rtcp = Unpooled.buffer();
            switch (i % 3) {
                case 0 -> // one packet claiming more words than follow
                        rtcp.writeByte(0x81).writeByte(200 + random.nextInt(7)).writeShort(words + 20)
                                .writeInt(sender).writeZero(4 * words - 4);
                case 1 -> // a valid empty RR, then a packet that overruns the end
                        rtcp.writeByte(0x80).writeByte(201).writeShort(1).writeInt(sender)
                                .writeByte(0x81).writeByte(205).writeShort(words + 10).writeInt(sender);
                default -> { // a valid empty RR, then random bytes that are not whole packets
                    rtcp.writeByte(0x80).writeByte(201).writeShort(1).writeInt(sender);
                    byte[] garbage = new byte[1 + random.nextInt(3)];
                    random.nextBytes(garbage);
                    rtcp.writeBytes(garbage);
                }
            }
            packets.add(hostile.protectRtcp(ByteBufUtil.getBytes(rtcp)));
        }
        return packets;
    }

    /**
     * Valid compounds a hostile peer could send: an SR claiming 31 report blocks it does not carry, NACKs of
     * every sequence number for our consumer, PLI and FIR for SSRCs nobody has, an unknown packet type.
     */
    private List<byte[]> hostileFeedback(long consumerSsrc) {
        List<byte[]> packets = new ArrayList<>();
        long sender = RawParticipant.PUBLISHED_SSRC;
        // RR, then a generic NACK (RFC 4585 §6.2.1) with 64 FCI entries each asking for 17 packets.
        ByteBuf nack = Unpooled.buffer().writeByte(0x80).writeByte(201).writeShort(1).writeInt((int) sender);
        nack.writeByte(0x81).writeByte(205).writeShort(2 + 64).writeInt((int) sender).writeInt((int) consumerSsrc);
        for (int i = 0; i < 64; i++) {
            nack.writeShort(i * 17).writeShort(0xFFFF);
        }
        packets.add(hostile.protectRtcp(ByteBufUtil.getBytes(nack)));
        // SR with report count 31 but no report blocks: the length says 6 words (header + sender info).
        packets.add(hostile.protectRtcp(ByteBufUtil.getBytes(Unpooled.buffer()
                .writeByte(0x80 | 31).writeByte(200).writeShort(6).writeInt((int) sender).writeZero(20))));
        for (int i = 0; i < 20; i++) {
            ByteBuf feedback = Unpooled.buffer().writeByte(0x80).writeByte(201).writeShort(1).writeInt((int) sender);
            // PLI (RFC 4585 §6.3.1) for a random SSRC, FIR (RFC 5104 §4.3.1) with two random entries
            feedback.writeByte(0x81).writeByte(206).writeShort(2).writeInt((int) sender).writeInt(random.nextInt());
            feedback.writeByte(0x84).writeByte(206).writeShort(6).writeInt((int) sender).writeInt(0)
                    .writeInt(random.nextInt()).writeInt(i).writeInt(random.nextInt()).writeInt(i);
            // a packet type nobody defined (RFC 3550 §12.1 leaves 207..223 open)
            feedback.writeByte(0x80).writeByte(210).writeShort(1).writeInt(random.nextInt());
            packets.add(hostile.protectRtcp(ByteBufUtil.getBytes(feedback)));
        }
        return packets;
    }

    /** Datagrams whose first byte says DTLS (RFC 7983 §7) but that are not whole DTLS records. */
    private List<byte[]> illFramedDtls(int count) {
        List<byte[]> datagrams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] datagram = new byte[1 + random.nextInt(300)];
            random.nextBytes(datagram);
            datagram[0] = (byte) (20 + random.nextInt(44));
            if (datagram.length > 1 && datagram[1] == (byte) 0xFE) {
                datagram[1] = 0; // never a DTLS version, so never well framed by chance
            }
            datagrams.add(datagram);
        }
        return datagrams;
    }

    /** Epoch-1 records of every content type with fragments shorter than an AES-GCM nonce and tag (24 bytes). */
    private List<byte[]> tooShortProtectedDtls(int count) {
        List<byte[]> datagrams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            datagrams.add(dtlsRecord(20 + i % 5, 1, i % 24));
        }
        return datagrams;
    }

    /**
     * Well-framed DTLS 1.2 records (RFC 6347 §4.1) carrying garbage that the record layer discards: epoch-1
     * application data and handshake messages that cannot authenticate, plaintext epoch-0 handshake
     * messages, change_cipher_spec and fatal alerts after the handshake, and records of an epoch not in use.
     */
    private List<byte[]> wellFramedDtlsGarbage(int count) {
        List<byte[]> datagrams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            datagrams.add(switch (i % 6) {
                case 0 -> dtlsRecord(23, 1, 24 + random.nextInt(100));
                case 1 -> dtlsRecord(22, 1, 24 + random.nextInt(100));
                case 2 -> dtlsRecord(22, 0, random.nextInt(100));
                case 3 -> dtlsRecord(20, 0, 1);
                case 4 -> alertRecord();
                default -> dtlsRecord(23, 2, random.nextInt(40));
            });
        }
        return datagrams;
    }

    private byte[] dtlsRecord(int contentType, int epoch, int fragmentLength) {
        byte[] fragment = new byte[fragmentLength];
        random.nextBytes(fragment);
        return ByteBufUtil.getBytes(Unpooled.buffer()
                .writeByte(contentType).writeShort(0xFEFD).writeShort(epoch)
                .writeShort(0).writeInt(random.nextInt(1 << 30)) // 48-bit sequence number
                .writeShort(fragment.length).writeBytes(fragment));
    }

    /** A plaintext fatal handshake_failure alert (RFC 5246 §7.2) in epoch 0. */
    private byte[] alertRecord() {
        return ByteBufUtil.getBytes(Unpooled.buffer()
                .writeByte(21).writeShort(0xFEFD).writeShort(0).writeShort(0).writeInt(random.nextInt(1 << 30))
                .writeShort(2).writeByte(2).writeByte(40));
    }

    /**
     * The end of every hostile sequence: 50 more valid packets; both transports still connected and no
     * transport closed; the producer took exactly the valid packets; the listener heard exactly their
     * payloads, in order, decrypted, on its consumer's SSRC, and nothing else.
     */
    private void assertStillConnectedAndForwarding() throws Exception {
        sendValid(50);
        assertEquals(TransportState.CONNECTED, hostile.transport.state());
        assertEquals(TransportState.CONNECTED, listener.transport.state());
        assertEquals(List.of(), closeReasons, "the hostile participant's own transport survived");
        assertEquals(0, metrics.transportsClosed.count(), "no transport closed");
        assertEquals(validPayloads.size(), onEventLoop(hostile.transport, () -> producer.receiveStatistics().packets()),
                "the producer took exactly the valid packets");
        assertEquals(validPayloads.size(), forwardedPayloads.size(), "packets forwarded to the listener");
        for (int i = 0; i < validPayloads.size(); i++) {
            assertArrayEquals(validPayloads.get(i), forwardedPayloads.get(i), "payload " + i);
        }
        assertEquals(Set.of(consumer.ssrc()), forwardedSsrcs, "all on the consumer's SSRC");
        for (byte[] late = listener.receive(300); late != null; late = listener.receive(300)) {
            assertTrue(isRtcp(late), "nothing but RTCP after the valid packets");
        }
    }

    /** Every way a datagram can be dropped on the media port, plus SRTP authentication failures. */
    private long accountedDrops() {
        double sum = metrics.srtpAuthFailures.count();
        for (Counter counter : List.of(metrics.droppedMalformed, metrics.droppedUnknownSource, metrics.droppedReplayed,
                metrics.droppedNotReady, metrics.droppedUnknownSsrc, metrics.droppedStun, metrics.droppedDtls)) {
            sum += counter.count();
        }
        return Math.round(sum);
    }

    private static TransportState tick(WebRtcTransport transport, long nowNanos) {
        transport.tick(nowNanos);
        return transport.state();
    }

    /** Runs {@code query} on the transport's event loop, where its state lives, and returns its answer. */
    private static <T> T onEventLoop(WebRtcTransport transport, Supplier<T> query) throws Exception {
        CompletableFuture<T> answer = new CompletableFuture<>();
        transport.runOnEventLoop(() -> {
            try {
                answer.complete(query.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer.get(5, TimeUnit.SECONDS);
    }

    /** Waits (at most 5 s) for a counter that an unanswered datagram increments on the server. */
    private static void awaitCount(Counter counter, double expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (counter.count() < expected && System.nanoTime() < deadline) {
            RawParticipant.sleep(10);
        }
        assertEquals(expected, counter.count());
    }

    private static void send(DatagramSocket socket, byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length));
    }
}
