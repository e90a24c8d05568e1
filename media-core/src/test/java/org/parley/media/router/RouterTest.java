package org.parley.media.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.media.router.ChromeAudioSender.SAMPLES_PER_FRAME;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.media.rtp.AudioLevel;
import org.parley.media.rtp.HeaderExtensions;
import org.parley.media.rtp.RtpPacket;
import org.parley.media.sdp.Extmap;
import org.parley.media.sdp.SdpException;
import org.parley.media.transport.TransportState;
import org.parley.media.transport.WebRtcTransport;

/**
 * Forwarding through the {@link Router} between real transports keyed with SRTP: the test plays
 * the browsers (two publishers, two subscribers) and checks what each subscriber decrypts.
 */
class RouterTest {

    private final RecordingListener listener = new RecordingListener();
    private Meeting meeting;
    private Router router;
    private BrowserPeer alice;
    private BrowserPeer bob;
    private BrowserPeer carol;
    private BrowserPeer dave;

    @BeforeEach
    void connectPeers() throws SdpException {
        meeting = new Meeting(listener);
        router = meeting.router;
        alice = meeting.alice;
        bob = meeting.bob;
        carol = meeting.carol;
        dave = meeting.dave;
    }

    @AfterEach
    void releaseDatagrams() {
        meeting.close();
    }

    @Test
    void forwardsToThreeConsumersEachInItsOwnNegotiatedTerms() {
        Producer producer = producerOf(alice);
        List<Consumer> consumers = List.of(carol.transport().consumer("1"), carol.transport().consumer("2"),
                dave.transport().consumer("3"));
        for (Consumer consumer : consumers) {
            router.connect(consumer, producer);
        }
        assertEquals(3, producer.consumerCount());

        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(meeting.aliceMic.nextSequence());
            alice.sendRtp(meeting.aliceMic.next(), tick());
        }

        List<byte[]> toCarol = carol.receiveRtp();
        List<byte[]> toDave = dave.receiveRtp();
        assertEquals(10, toCarol.size());
        assertEquals(5, toDave.size());
        assertStream(carol, "1", bySsrc(toCarol, carol.answeredSsrc("1")), sent);
        assertStream(carol, "2", bySsrc(toCarol, carol.answeredSsrc("2")), sent);
        assertStream(dave, "3", toDave, sent);
        Set<Long> ssrcs = consumers.stream().map(Consumer::ssrc).collect(Collectors.toSet());
        assertEquals(3, ssrcs.size(), "every consumer has its own SSRC");
        assertEquals(109, dave.answeredPayloadType("3"), "the variant offer really moved Opus");
        assertEquals(5, dave.answeredExtensionId("3", Extmap.SSRC_AUDIO_LEVEL));
    }

    /** One consumer's packets: its SSRC and payload type, untouched payload, remapped level, no mid. */
    private static void assertStream(BrowserPeer peer, String mid, List<byte[]> packets, List<Integer> sentSequences) {
        assertEquals(sentSequences.size(), packets.size(), "packets on mid " + mid);
        int levelId = peer.answeredExtensionId(mid, Extmap.SSRC_AUDIO_LEVEL);
        int midId = peer.answeredExtensionId(mid, Extmap.SDES_MID);
        assertTrue(levelId > 0 && midId > 0);
        for (int i = 0; i < packets.size(); i++) {
            ByteBuf p = Unpooled.wrappedBuffer(packets.get(i));
            int in = sentSequences.get(i);
            assertEquals(peer.answeredSsrc(mid), RtpPacket.ssrc(p));
            assertEquals(peer.answeredPayloadType(mid), RtpPacket.payloadType(p));
            assertArrayEquals(ChromeAudioSender.payload(in), payload(p));
            assertEquals(ChromeAudioSender.audioLevel(in), AudioLevel.read(p, levelId), "audio level on our id");
            assertEquals(-1, HeaderExtensions.find(p, midId), "no mid extension");
            assertOnlyExtensionIs(p, levelId);
            if (i > 0) {
                ByteBuf previous = Unpooled.wrappedBuffer(packets.get(i - 1));
                assertEquals((RtpPacket.sequenceNumber(previous) + 1) & 0xFFFF, RtpPacket.sequenceNumber(p));
                assertEquals((RtpPacket.timestamp(previous) + SAMPLES_PER_FRAME) & 0xFFFFFFFFL, RtpPacket.timestamp(p));
                assertFalse(RtpPacket.marker(p), "marker only on the first packet");
            } else {
                assertTrue(RtpPacket.marker(p), "the first packet starts a talk spurt");
            }
        }
    }

    /**
     * The packet's extension block holds one element, {@code id}: abs-send-time, transport-wide
     * sequence and mid of the publisher's transport were dropped (RFC 8285 §4.2 one-byte form).
     */
    private static void assertOnlyExtensionIs(ByteBuf p, int id) {
        assertTrue(RtpPacket.hasExtension(p));
        int block = p.readerIndex() + RtpPacket.FIXED_HEADER_LENGTH + 4 * RtpPacket.csrcCount(p);
        assertEquals(HeaderExtensions.ONE_BYTE_PROFILE, p.getUnsignedShort(block));
        int end = block + 4 + 4 * p.getUnsignedShort(block + 2);
        List<Integer> ids = new ArrayList<>();
        for (int i = block + 4; i < end; ) {
            int header = p.getUnsignedByte(i);
            if (header == 0) {
                i++;
                continue;
            }
            ids.add(header >> 4);
            i += 2 + (header & 0x0F);
        }
        assertEquals(List.of(id), ids, "extension elements");
    }

    /** What the subscriber should see for one forwarded packet. */
    private record Expected(int inputSequence, boolean marker, long timestampStep) {
    }

    @Test
    void switchingBetweenProducersLooksLikeOneContinuousStream() {
        Consumer consumer = carol.transport().consumer("1");
        ChromeAudioSender aliceMic = meeting.aliceMic;
        ChromeAudioSender bobMic = meeting.bobMic;
        List<Expected> expected = new ArrayList<>();

        router.connect(consumer, producerOf(alice));
        for (int i = 0; i < 5; i++) {
            bobSpeaks(); // not connected: not forwarded
            expected.add(new Expected(aliceMic.nextSequence(), i == 0, SAMPLES_PER_FRAME));
            aliceSpeaks();
        }
        int aliceLateSequence = aliceMic.nextSequence();
        byte[] aliceLate = aliceMic.next(); // delayed on the way: arrives after the switch

        router.connect(consumer, producerOf(bob));
        // Bob's first packet comes 30 ms after alice's last: our timestamps advance by 30 ms.
        meeting.now += 30_000_000L;
        expected.add(new Expected(bobMic.nextSequence(), true, 30 * 48));
        bobSpeaks();
        alice.sendRtp(aliceLate, meeting.now);
        for (int i = 0; i < 4; i++) {
            tick();
            expected.add(new Expected(bobMic.nextSequence(), false, SAMPLES_PER_FRAME));
            bobSpeaks();
            alice.sendRtp(aliceMic.next(), meeting.now); // alice keeps talking while bob is forwarded
        }

        router.connect(consumer, producerOf(alice));
        int aliceDelayedSequence = aliceMic.nextSequence();
        byte[] aliceDelayed = aliceMic.next(); // sent before the switch back, arrives after the next one
        expected.add(new Expected(aliceMic.nextSequence(), true, SAMPLES_PER_FRAME));
        aliceSpeaks();
        alice.sendRtp(aliceDelayed, meeting.now);
        bobSpeaks(); // bob after the switch back: not forwarded
        for (int i = 0; i < 3; i++) {
            expected.add(new Expected(aliceMic.nextSequence(), false, SAMPLES_PER_FRAME));
            aliceSpeaks();
        }

        List<byte[]> received = carol.receiveRtp();
        assertEquals(expected.size(), received.size(), "forwarded packets");
        for (int i = 0; i < received.size(); i++) {
            ByteBuf p = Unpooled.wrappedBuffer(received.get(i));
            Expected e = expected.get(i);
            assertEquals(carol.answeredSsrc("1"), RtpPacket.ssrc(p), "one SSRC throughout");
            assertArrayEquals(ChromeAudioSender.payload(e.inputSequence()), payload(p), "packet " + i);
            assertEquals(e.marker(), RtpPacket.marker(p), "marker bit of packet " + i);
            if (i > 0) {
                ByteBuf previous = Unpooled.wrappedBuffer(received.get(i - 1));
                assertEquals((RtpPacket.sequenceNumber(previous) + 1) & 0xFFFF, RtpPacket.sequenceNumber(p),
                        "sequence number of packet " + i);
                assertEquals((RtpPacket.timestamp(previous) + e.timestampStep()) & 0xFFFFFFFFL,
                        RtpPacket.timestamp(p), "timestamp of packet " + i);
            }
        }
        assertEquals(List.of(), received.stream().filter(r -> carries(r, aliceLateSequence)).toList(),
                "alice's straggler after the switch to bob is not forwarded");
        assertEquals(List.of(), received.stream().filter(r -> carries(r, aliceDelayedSequence)).toList(),
                "alice's packet from before the switch back is not forwarded");
        // Our numbers for a straggler were used in the previous epoch: were it not dropped, SRTP
        // would refuse to encrypt an index twice (RFC 3711 §9.1) and count it here.
        assertEquals(0, meeting.host.metrics().droppedMalformed.count(), "no straggler reached SRTP");
    }

    @Test
    void producerSequenceWrapIsInvisibleDownstream() {
        meeting.aliceMic = new ChromeAudioSender(BrowserPeer.FIXTURE_PUBLISHER_SSRC, "0", 65530, 0xFFFF_F000L);
        router.connect(carol.transport().consumer("1"), producerOf(alice));
        for (int i = 0; i < 12; i++) {
            aliceSpeaks();
        }
        List<byte[]> received = carol.receiveRtp();
        assertEquals(12, received.size());
        for (int i = 1; i < received.size(); i++) {
            ByteBuf previous = Unpooled.wrappedBuffer(received.get(i - 1));
            ByteBuf p = Unpooled.wrappedBuffer(received.get(i));
            assertEquals((RtpPacket.sequenceNumber(previous) + 1) & 0xFFFF, RtpPacket.sequenceNumber(p));
            assertEquals((RtpPacket.timestamp(previous) + SAMPLES_PER_FRAME) & 0xFFFFFFFFL, RtpPacket.timestamp(p));
            assertArrayEquals(ChromeAudioSender.payload((65530 + i) & 0xFFFF), payload(p));
        }
    }

    /** 33 000 packets (11 minutes of 20 ms frames) from one producer without a switch. */
    @Test
    void keepsForwardingBeyondHalfTheSequenceSpace() {
        Consumer consumer = carol.transport().consumer("1");
        router.connect(consumer, producerOf(alice));
        int total = 33_000;
        int received = 0;
        int expectedSequence = -1;
        for (int i = 0; i < total; i++) {
            aliceSpeaks();
            if (i % 1000 == 999 || i == total - 1) {
                for (byte[] packet : carol.takeProtectedRtp()) {
                    int sequence = RtpPacket.sequenceNumber(Unpooled.wrappedBuffer(packet));
                    if (expectedSequence >= 0) {
                        assertEquals(expectedSequence, sequence, "sequence after " + received + " packets");
                    }
                    expectedSequence = (sequence + 1) & 0xFFFF;
                    received++;
                }
            }
        }
        assertEquals(total, received);
        assertEquals(total, consumer.sendStatistics().packets());
        int newest = (expectedSequence - 1) & 0xFFFF;
        carol.sendRtcp(RouterRtcpTest.nack(carol.rtcpSsrc(), consumer.ssrc(), newest), meeting.now);
        assertEquals(1, carol.takeProtectedRtp().size(), "NACKs are still answered");
    }

    @Test
    void closingThePublisherRemovesItsProducerAndStopsItsConsumers() {
        Producer a = producerOf(alice);
        Consumer consumer = carol.transport().consumer("1");
        router.connect(consumer, a);
        aliceSpeaks();
        List<byte[]> beforeClose = carol.receiveRtp();
        assertEquals(1, beforeClose.size());

        alice.transport().close();

        assertEquals(TransportState.CLOSED, alice.transport().state());
        assertEquals(List.of(a), listener.removed);
        assertNull(router.producer(a.id()));
        assertTrue(a.isClosed());
        assertEquals(0, a.consumerCount());
        assertNull(consumer.producer());
        assertTrue(meeting.host.closedTransports().contains(alice.transport()));
        aliceSpeaks();
        assertEquals(List.of(), carol.receiveRtp(), "nothing from a closed publisher");
        assertThrows(IllegalArgumentException.class, () -> router.connect(consumer, a));

        // The consumer can follow someone else, continuing its numbering.
        ByteBuf last = Unpooled.wrappedBuffer(beforeClose.get(0));
        router.connect(consumer, producerOf(bob));
        bobSpeaks();
        List<byte[]> fromBob = carol.receiveRtp();
        assertEquals(1, fromBob.size());
        ByteBuf first = Unpooled.wrappedBuffer(fromBob.get(0));
        assertEquals((RtpPacket.sequenceNumber(last) + 1) & 0xFFFF, RtpPacket.sequenceNumber(first));
        assertTrue(RtpPacket.marker(first));
    }

    @Test
    void listenerHearsOfProducersComingAndGoing() throws SdpException {
        assertEquals(4, listener.added.size(), "one producer per connected peer");
        BrowserPeer erin = BrowserPeer.connect(meeting.host, "erin",
                BrowserPeer.fixture(BrowserPeer.PUBLISH_AND_THREE_SUBSCRIBES), 50005);
        Producer producer = producerOf(erin);
        assertSame(producer, listener.added.get(4));
        assertSame(producer, router.producer("erin/0"));
        assertEquals(BrowserPeer.FIXTURE_PUBLISHER_SSRC, producer.ssrc());
        erin.transport().close();
        erin.transport().close();
        assertEquals(List.of(producer), listener.removed, "told once");
    }

    @Test
    void disconnectStopsOneConsumerAndReconnectingContinuesItsNumbering() {
        Producer a = producerOf(alice);
        Consumer first = carol.transport().consumer("1");
        Consumer second = carol.transport().consumer("2");
        router.connect(first, a);
        router.connect(second, a);
        aliceSpeaks();
        aliceSpeaks();
        List<byte[]> before = bySsrc(carol.receiveRtp(), first.ssrc());
        assertEquals(2, before.size());

        router.disconnect(first);
        assertNull(first.producer());
        assertEquals(1, a.consumerCount());
        for (int i = 0; i < 10; i++) {
            aliceSpeaks();
        }
        List<byte[]> during = carol.receiveRtp();
        assertEquals(10, during.size(), "the other consumer goes on");
        assertEquals(List.of(), bySsrc(during, first.ssrc()), "the disconnected one is silent");

        router.connect(first, a);
        aliceSpeaks();
        List<byte[]> after = bySsrc(carol.receiveRtp(), first.ssrc());
        assertEquals(1, after.size());
        ByteBuf last = Unpooled.wrappedBuffer(before.get(1));
        ByteBuf resumed = Unpooled.wrappedBuffer(after.get(0));
        // RFC 3550 §5.1: +1 per packet sent; the receiver must not see the silence as 10 lost packets.
        assertEquals((RtpPacket.sequenceNumber(last) + 1) & 0xFFFF, RtpPacket.sequenceNumber(resumed));
        assertEquals((RtpPacket.timestamp(last) + 11L * SAMPLES_PER_FRAME) & 0xFFFFFFFFL, RtpPacket.timestamp(resumed),
                "timestamps advance by the 220 ms that passed");
        assertTrue(RtpPacket.marker(resumed));
    }

    @Test
    void aMutedProducerReachesNobodyAndResumesAsOneContinuousStream() {
        Producer a = producerOf(alice);
        Consumer consumer = carol.transport().consumer("1");
        router.connect(consumer, a);
        List<Integer> tapped = new ArrayList<>();
        a.setTap((source, packet, nowNanos) -> tapped.add(RtpPacket.sequenceNumber(packet)));
        aliceSpeaks();
        aliceSpeaks();
        List<byte[]> before = carol.receiveRtp();
        assertEquals(2, before.size());

        a.setMuted(true);
        for (int i = 0; i < 10; i++) {
            aliceSpeaks();
        }
        assertEquals(List.of(), carol.receiveRtp(), "a muted producer is not forwarded");
        assertEquals(2, tapped.size(), "nor shown to its tap (the mixer)");
        assertTrue(a.isMuted());
        assertSame(a, consumer.producer(), "the consumer stays connected");
        assertEquals(12, a.receiveStatistics().packets(), "but still counted for our reception reports");

        a.setMuted(false);
        int resumedSequence = meeting.aliceMic.nextSequence();
        aliceSpeaks();
        aliceSpeaks();
        List<byte[]> after = carol.receiveRtp();
        assertEquals(2, after.size());
        assertEquals(4, tapped.size());
        ByteBuf last = Unpooled.wrappedBuffer(before.get(1));
        ByteBuf resumed = Unpooled.wrappedBuffer(after.get(0));
        assertArrayEquals(ChromeAudioSender.payload(resumedSequence), payload(resumed));
        // RFC 3550 §5.1: the ten packets we held back must not look lost to the receiver.
        assertEquals((RtpPacket.sequenceNumber(last) + 1) & 0xFFFF, RtpPacket.sequenceNumber(resumed));
        assertEquals((RtpPacket.timestamp(last) + 11L * SAMPLES_PER_FRAME) & 0xFFFFFFFFL, RtpPacket.timestamp(resumed),
                "timestamps advance by the 220 ms that passed");
        assertTrue(RtpPacket.marker(resumed), "a new talk spurt (RFC 3551 §4.1)");
        assertFalse(RtpPacket.marker(Unpooled.wrappedBuffer(after.get(1))));
    }

    @Test
    void closingTheSubscriberDisconnectsItsConsumers() {
        Producer a = producerOf(alice);
        router.connect(carol.transport().consumer("1"), a);
        router.connect(carol.transport().consumer("2"), a);
        router.connect(dave.transport().consumer("1"), a);
        assertEquals(3, a.consumerCount());
        carol.transport().close();
        assertEquals(1, a.consumerCount());
        aliceSpeaks();
        assertEquals(1, dave.receiveRtp().size());
        assertEquals(List.of(), carol.receiveRtp());
    }

    @Test
    void reofferKeepsTheConsumersAndAddsOne() throws SdpException {
        Consumer first = carol.transport().consumer("1");
        long firstSsrc = carol.answeredSsrc("1");
        router.connect(first, producerOf(alice));
        aliceSpeaks();

        WebRtcTransport.Negotiation negotiation =
                carol.renegotiate(BrowserPeer.fixture(BrowserPeer.REOFFER_ADDS_SUBSCRIBE));

        assertEquals(List.of(), negotiation.newProducers());
        assertEquals(1, negotiation.newConsumers().size());
        Consumer added = negotiation.newConsumers().get(0);
        assertSame(added, carol.transport().consumer("4"));
        assertSame(first, carol.transport().consumer("1"));
        assertEquals(firstSsrc, carol.answeredSsrc("1"), "RFC 3264 §8: an unchanged line keeps its SSRC");
        assertEquals(added.ssrc(), carol.answeredSsrc("4"));
        router.connect(added, producerOf(bob));
        bobSpeaks();
        aliceSpeaks();
        List<byte[]> received = carol.receiveRtp();
        assertEquals(3, received.size());
        assertEquals(2, bySsrc(received, firstSsrc).size(), "mid 1 forwards on");
        assertEquals(1, bySsrc(received, added.ssrc()).size());
    }

    /** A receiver that did not negotiate the audio level gets packets without any extension block. */
    @Test
    void extensionBlockIsRemovedWhenNothingInItIsNegotiated() throws SdpException {
        String offer = BrowserPeer.fixture(BrowserPeer.PUBLISH_AND_THREE_SUBSCRIBES)
                .replace("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n", "");
        BrowserPeer erin = BrowserPeer.connect(meeting.host, "erin", offer, 50005);
        assertEquals(0, erin.answeredExtensionId("2", Extmap.SSRC_AUDIO_LEVEL));
        router.connect(erin.transport().consumer("2"), producerOf(alice));
        int sequence = meeting.aliceMic.nextSequence();
        aliceSpeaks();

        List<byte[]> received = erin.receiveRtp();
        assertEquals(1, received.size());
        ByteBuf p = Unpooled.wrappedBuffer(received.get(0));
        assertFalse(RtpPacket.hasExtension(p), "RFC 3550 §5.1: X bit clear");
        assertEquals(RtpPacket.FIXED_HEADER_LENGTH, RtpPacket.headerLength(p));
        assertArrayEquals(ChromeAudioSender.payload(sequence), payload(p));
    }

    /** RFC 8843 §9.2: without a=ssrc the publisher's stream is recognized by its mid extension. */
    @Test
    void producerLearnsAnUnsignalledSsrcFromTheMidExtension() throws SdpException {
        String offer = BrowserPeer.fixture(BrowserPeer.PUBLISH_AND_THREE_SUBSCRIBES).lines()
                .filter(line -> !line.startsWith("a=ssrc:"))
                .collect(Collectors.joining("\r\n", "", "\r\n"));
        BrowserPeer erin = BrowserPeer.connect(meeting.host, "erin", offer, 50005);
        Producer producer = producerOf(erin);
        assertEquals(0, producer.ssrc());
        router.connect(carol.transport().consumer("1"), producer);
        ChromeAudioSender erinMic = new ChromeAudioSender(0x5EEDL, "0", 7, 0);

        erin.sendRtp(erinMic.next(), tick());

        assertEquals(0x5EEDL, producer.ssrc());
        assertEquals(1, carol.receiveRtp().size());
        assertEquals(0, meeting.host.metrics().droppedUnknownSsrc.count());
    }

    private Producer producerOf(BrowserPeer peer) {
        return meeting.producerOf(peer);
    }

    private long tick() {
        return meeting.tick();
    }

    private void aliceSpeaks() {
        meeting.aliceSpeaks();
    }

    private void bobSpeaks() {
        meeting.bobSpeaks();
    }

    static List<byte[]> bySsrc(List<byte[]> packets, long ssrc) {
        return packets.stream().filter(p -> RtpPacket.ssrc(Unpooled.wrappedBuffer(p)) == ssrc).toList();
    }

    static byte[] payload(ByteBuf rtp) {
        return ByteBufUtil.getBytes(rtp, RtpPacket.payloadOffset(rtp), RtpPacket.payloadLength(rtp));
    }

    /** Whether {@code packet} carries the payload of the producer's packet {@code inputSequence}. */
    private static boolean carries(byte[] packet, int inputSequence) {
        return Arrays.equals(payload(Unpooled.wrappedBuffer(packet)), ChromeAudioSender.payload(inputSequence));
    }

    private static final class RecordingListener implements RouterListener {
        final List<Producer> added = new ArrayList<>();
        final List<Producer> removed = new ArrayList<>();

        @Override
        public void producerAdded(Producer producer) {
            added.add(producer);
        }

        @Override
        public void producerRemoved(Producer producer) {
            removed.add(producer);
        }
    }
}
