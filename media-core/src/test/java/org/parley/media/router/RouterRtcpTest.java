package org.parley.media.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.media.MediaMetrics;
import org.parley.media.quality.QualityScore;
import org.parley.media.rtcp.Fir;
import org.parley.media.rtcp.Nack;
import org.parley.media.rtcp.NtpTime;
import org.parley.media.rtcp.Pli;
import org.parley.media.rtcp.ReceiverReport;
import org.parley.media.rtcp.ReceptionReport;
import org.parley.media.rtcp.RtcpPacket;
import org.parley.media.rtcp.Sdes;
import org.parley.media.rtcp.SenderReport;
import org.parley.media.rtp.RtpPacket;
import org.parley.media.sdp.SdpException;
import org.parley.media.transport.TransportQuality;

/**
 * RTCP around forwarding, both ways: NACKs answered from the producer's retransmission buffer,
 * PLI/FIR passed to the publisher at most once a second, periodic SR/RR/SDES from {@code tick},
 * and RTT from the receivers' reports.
 */
class RouterRtcpTest {

    private static final long SECOND = 1_000_000_000L;

    private Meeting meeting;
    private Router router;
    private MediaMetrics metrics;
    private BrowserPeer alice;
    private BrowserPeer carol;
    private BrowserPeer dave;

    @BeforeEach
    void connectPeers() throws SdpException {
        meeting = new Meeting();
        router = meeting.router;
        metrics = meeting.host.metrics();
        alice = meeting.alice;
        carol = meeting.carol;
        dave = meeting.dave;
    }

    @AfterEach
    void releaseDatagrams() {
        meeting.close();
    }

    @Test
    void nackIsAnsweredWithTheLostPacketByteForByte() {
        Consumer consumer = carol.transport().consumer("1");
        router.connect(consumer, meeting.producerOf(alice));
        for (int i = 0; i < 6; i++) {
            meeting.aliceSpeaks();
        }
        List<byte[]> wire = carol.takeProtectedRtp();
        assertEquals(6, wire.size());
        for (int i = 0; i < wire.size(); i++) {
            if (i != 0 && i != 3) { // two packets lost on the way to carol, the first with the marker
                carol.unprotectRtp(wire.get(i));
            }
        }

        carol.sendRtcp(nack(carol.rtcpSsrc(), consumer.ssrc(), sequenceOf(wire.get(0)), sequenceOf(wire.get(3))),
                meeting.now);

        List<byte[]> resent = carol.takeProtectedRtp();
        assertEquals(2, resent.size());
        for (int k = 0; k < 2; k++) {
            byte[] original = wire.get(3 * k);
            // Same SRTP index, same plaintext: the same ciphertext and tag (RFC 3711 §9.1 holds).
            assertArrayEquals(original, resent.get(k), "retransmission " + k + " on the wire");
            byte[] plain = carol.unprotectRtp(resent.get(k)); // carol's context never saw this index
            assertArrayEquals(BrowserPeer.unprotectRtp(carol.freshReceiver(), original), plain);
        }
        assertEquals(2, metrics.retransmissions.count());
        assertEquals(2, metrics.nacksReceived.count());
    }

    @Test
    void nackForPacketsNotSentOrGoneIsIgnored() {
        Consumer consumer = carol.transport().consumer("1");
        router.connect(consumer, meeting.producerOf(alice));
        meeting.aliceSpeaks();
        meeting.aliceSpeaks();
        int first = sequenceOf(carol.takeProtectedRtp().get(0));

        carol.sendRtcp(nack(carol.rtcpSsrc(), consumer.ssrc(), (first + 2) & 0xFFFF, (first + 100) & 0xFFFF),
                meeting.now);
        carol.sendRtcp(nack(carol.rtcpSsrc(), consumer.ssrc(), (first - 1) & 0xFFFF), meeting.now);
        carol.sendRtcp(nack(carol.rtcpSsrc(), carol.transport().consumer("2").ssrc(), first), meeting.now);

        assertEquals(List.of(), carol.takeProtectedRtp());
        assertEquals(0, metrics.retransmissions.count());
    }

    @Test
    void nacksFromBeforeTheLatestSwitchAreIgnored() {
        Consumer consumer = carol.transport().consumer("1");
        router.connect(consumer, meeting.producerOf(alice));
        for (int i = 0; i < 4; i++) {
            meeting.aliceSpeaks();
        }
        List<byte[]> fromAlice = carol.takeProtectedRtp();
        router.connect(consumer, meeting.producerOf(meeting.bob));
        meeting.tick();
        meeting.bobSpeaks();
        meeting.tick();
        meeting.bobSpeaks();
        List<byte[]> fromBob = carol.takeProtectedRtp();
        assertEquals(2, fromBob.size());

        carol.sendRtcp(nack(carol.rtcpSsrc(), consumer.ssrc(), sequenceOf(fromAlice.get(3))), meeting.now);
        assertEquals(List.of(), carol.takeProtectedRtp(), "alice's packets are not resent while bob is forwarded");

        carol.sendRtcp(nack(carol.rtcpSsrc(), consumer.ssrc(), sequenceOf(fromBob.get(0))), meeting.now);
        List<byte[]> resent = carol.takeProtectedRtp();
        assertEquals(1, resent.size());
        assertArrayEquals(fromBob.get(0), resent.get(0));

        // Back to alice: her packets from the first turn are still in her retransmission buffer,
        // but our numbers for them now belong to an earlier epoch.
        router.connect(consumer, meeting.producerOf(alice));
        meeting.aliceSpeaks();
        List<byte[]> again = carol.takeProtectedRtp();
        assertEquals(1, again.size());
        for (byte[] old : fromAlice) {
            carol.sendRtcp(nack(carol.rtcpSsrc(), consumer.ssrc(), sequenceOf(old)), meeting.now);
        }
        carol.sendRtcp(nack(carol.rtcpSsrc(), consumer.ssrc(), sequenceOf(fromBob.get(1))), meeting.now);
        assertEquals(List.of(), carol.takeProtectedRtp());
        carol.sendRtcp(nack(carol.rtcpSsrc(), consumer.ssrc(), sequenceOf(again.get(0))), meeting.now);
        assertEquals(1, carol.takeProtectedRtp().size());
        assertEquals(2, metrics.retransmissions.count());
    }

    @Test
    void keyFrameRequestsReachThePublisherAtMostOnceASecond() {
        Producer producer = meeting.producerOf(alice);
        Consumer carols = carol.transport().consumer("1");
        Consumer daves = dave.transport().consumer("2");
        router.connect(carols, producer);
        router.connect(daves, producer);
        meeting.aliceSpeaks();
        long start = meeting.now;

        carol.sendRtcp(pli(carol.rtcpSsrc(), carols.ssrc()), start);
        dave.sendRtcp(pli(dave.rtcpSsrc(), daves.ssrc()), start + SECOND / 2);
        carol.sendRtcp(fir(carol.rtcpSsrc(), carols.ssrc()), start + SECOND - 1);
        assertEquals(1, plisTo(alice, producer.ssrc()), "one PLI for three requests within a second");

        dave.sendRtcp(pli(dave.rtcpSsrc(), daves.ssrc()), start + SECOND);
        assertEquals(1, plisTo(alice, producer.ssrc()), "a second later, the next request goes through");
        carol.sendRtcp(fir(carol.rtcpSsrc(), carols.ssrc()), start + 2 * SECOND + 1);
        assertEquals(1, plisTo(alice, producer.ssrc()), "a FIR is passed on as a PLI");

        carol.sendRtcp(pli(carol.rtcpSsrc(), carol.transport().consumer("3").ssrc()), start + 5 * SECOND);
        carol.sendRtcp(pli(carol.rtcpSsrc(), 0xDEAD), start + 6 * SECOND);
        assertEquals(0, plisTo(alice, producer.ssrc()), "no PLI for an idle consumer or an unknown SSRC");
        assertEquals(3, metrics.keyFrameRequests.count());
    }

    /** Decrypts what {@code publisher} received and counts the PLIs for {@code mediaSsrc} in it. */
    private static int plisTo(BrowserPeer publisher, long mediaSsrc) {
        int plis = 0;
        for (byte[] compound : publisher.receiveRtcp()) {
            ByteBuf buf = Unpooled.wrappedBuffer(compound);
            assertTrue(RtcpPacket.isValidCompound(buf));
            for (int off = RtcpPacket.first(buf); off >= 0; off = RtcpPacket.next(buf, off)) {
                if (Pli.isPli(buf, off)) {
                    assertEquals(mediaSsrc, Pli.mediaSsrc(buf, off));
                    plis++;
                }
            }
        }
        return plis;
    }

    @Test
    void tickSendsASenderReportPerConsumerThatSentAndACname() {
        Consumer first = carol.transport().consumer("1");
        Consumer second = carol.transport().consumer("2");
        router.connect(first, meeting.producerOf(alice));
        router.connect(second, meeting.producerOf(alice));
        long payloadOctets = 0;
        for (int i = 0; i < 5; i++) {
            payloadOctets += ChromeAudioSender.payload(meeting.aliceMic.nextSequence()).length;
            meeting.aliceSpeaks();
        }
        Map<Long, Long> lastTimestamps = new HashMap<>();
        for (byte[] packet : carol.receiveRtp()) {
            ByteBuf rtp = Unpooled.wrappedBuffer(packet);
            lastTimestamps.put(RtpPacket.ssrc(rtp), RtpPacket.timestamp(rtp));
        }

        carol.transport().tick(meeting.now + SECOND / 2);

        List<byte[]> reports = carol.receiveRtcp();
        assertEquals(1, reports.size());
        ByteBuf compound = Unpooled.wrappedBuffer(reports.get(0));
        assertTrue(RtcpPacket.isValidCompound(compound));
        List<Long> senders = new ArrayList<>();
        String cname = null;
        long cnameSsrc = -1;
        for (int off = RtcpPacket.first(compound); off >= 0; off = RtcpPacket.next(compound, off)) {
            if (SenderReport.isSenderReport(compound, off)) {
                long ssrc = RtcpPacket.senderSsrc(compound, off);
                senders.add(ssrc);
                assertEquals(5, SenderReport.packetCount(compound, off));
                assertEquals(payloadOctets, SenderReport.octetCount(compound, off));
                // RFC 3550 §6.4.1: the RTP time of the NTP instant, 500 ms after the last packet.
                assertEquals((lastTimestamps.get(ssrc) + 24_000) & 0xFFFFFFFFL, SenderReport.rtpTimestamp(compound, off));
                assertTrue(SenderReport.ntpSeconds(compound, off) > 3_786_825_600L, "NTP time after 2020");
                assertEquals(0, RtcpPacket.count(compound, off), "carol publishes nothing we receive");
            } else if (Sdes.isSdes(compound, off)) {
                cname = Sdes.cname(compound, off, 0);
                cnameSsrc = Sdes.chunkSsrc(compound, off, 0);
            }
        }
        assertEquals(Set.of(first.ssrc(), second.ssrc()), Set.copyOf(senders), "one SR per consumer that sent");
        assertEquals(2, senders.size());
        assertEquals(carol.answeredCname("1"), cname, "the CNAME of our answer (RFC 3550 §6.5.1)");
        assertEquals(senders.get(0), cnameSsrc);
    }

    /** Signaling connects consumers right after the answer, before DTLS completes. */
    @Test
    void senderReportCountsOnlyPacketsThatWereSent() throws SdpException {
        BrowserPeer frank = BrowserPeer.negotiate(meeting.host, "frank",
                BrowserPeer.fixture(BrowserPeer.PUBLISH_AND_THREE_SUBSCRIBES), 50006);
        Consumer consumer = frank.transport().consumer("1");
        router.connect(consumer, meeting.producerOf(alice));
        for (int i = 0; i < 3; i++) {
            meeting.aliceSpeaks();
        }
        assertEquals(List.of(), frank.takeProtectedRtp(), "no media before the keys");

        frank.startMedia();
        long payloadOctets = 0;
        for (int i = 0; i < 2; i++) {
            payloadOctets += ChromeAudioSender.payload(meeting.aliceMic.nextSequence()).length;
            meeting.aliceSpeaks();
        }
        assertEquals(2, frank.receiveRtp().size());
        frank.transport().tick(meeting.now);

        ByteBuf compound = Unpooled.wrappedBuffer(frank.receiveRtcp().get(0));
        assertTrue(SenderReport.isSenderReport(compound, 0));
        assertEquals(consumer.ssrc(), RtcpPacket.senderSsrc(compound, 0));
        assertEquals(2, SenderReport.packetCount(compound, 0), "RFC 3550 §6.4.1: packets transmitted");
        assertEquals(payloadOctets, SenderReport.octetCount(compound, 0));
    }

    @Test
    void tickReportsOnWhatThePublisherSent() {
        Producer producer = meeting.producerOf(alice);
        for (int i = 0; i < 5; i++) {
            meeting.aliceSpeaks();
        }
        meeting.aliceMic.next(); // lost
        meeting.aliceSpeaks();
        long srNanos = meeting.now;
        long srEpochNanos = 1_700_000_000_123_456_789L;
        ByteBuf sr = Unpooled.buffer();
        SenderReport.write(sr, producer.ssrc(), NtpTime.seconds(srEpochNanos), NtpTime.fraction(srEpochNanos),
                123_456, 6, 480);
        alice.sendRtcp(sr, srNanos);

        alice.transport().tick(srNanos + SECOND / 4);

        List<byte[]> reports = alice.receiveRtcp();
        assertEquals(1, reports.size());
        ByteBuf compound = Unpooled.wrappedBuffer(reports.get(0));
        int off = RtcpPacket.first(compound);
        assertTrue(ReceiverReport.isReceiverReport(compound, off), "alice's consumers sent nothing: an RR");
        assertEquals(1, RtcpPacket.count(compound, off));
        int block = ReceiverReport.reportBlockOffset(compound, off, 0);
        assertEquals(producer.ssrc(), ReceptionReport.ssrc(compound, block));
        assertEquals(1006, ReceptionReport.extendedHighestSequence(compound, block));
        assertEquals(1, ReceptionReport.cumulativeLost(compound, block));
        assertEquals(256 / 7, ReceptionReport.fractionLost(compound, block), "1 of 7 lost, in 1/256");
        assertEquals(NtpTime.compact(srEpochNanos), ReceptionReport.lastSenderReport(compound, block));
        assertEquals(NtpTime.compactDuration(SECOND / 4), ReceptionReport.delaySinceLastSenderReport(compound, block));
        int sdes = RtcpPacket.next(compound, off);
        assertTrue(Sdes.isSdes(compound, sdes));
        assertEquals("parley-alice", Sdes.cname(compound, sdes, 0));
    }

    /** Alice both publishes and listens to bob: her SR carries the block about her microphone. */
    @Test
    void reportBlocksRideOnTheFirstSenderReport() {
        Producer aliceMicrophone = meeting.producerOf(alice);
        Consumer aliceHearsBob = alice.transport().consumer("1");
        router.connect(aliceHearsBob, meeting.producerOf(meeting.bob));
        meeting.aliceSpeaks();
        meeting.bobSpeaks();
        meeting.aliceSpeaks();
        assertEquals(1, alice.receiveRtp().size());

        alice.transport().tick(meeting.now);

        ByteBuf compound = Unpooled.wrappedBuffer(alice.receiveRtcp().get(0));
        int off = RtcpPacket.first(compound);
        assertTrue(SenderReport.isSenderReport(compound, off));
        assertEquals(aliceHearsBob.ssrc(), RtcpPacket.senderSsrc(compound, off));
        assertEquals(1, SenderReport.packetCount(compound, off));
        assertEquals(1, RtcpPacket.count(compound, off));
        int block = SenderReport.reportBlockOffset(compound, off, 0);
        assertEquals(aliceMicrophone.ssrc(), ReceptionReport.ssrc(compound, block));
        assertEquals(1001, ReceptionReport.extendedHighestSequence(compound, block));
        assertEquals(0, ReceptionReport.lastSenderReport(compound, block), "alice sent no SR yet");
        int sdes = RtcpPacket.next(compound, off);
        assertTrue(Sdes.isSdes(compound, sdes));
        assertEquals(aliceHearsBob.ssrc(), Sdes.chunkSsrc(compound, sdes, 0));
        assertEquals(-1, RtcpPacket.next(compound, sdes));
    }

    @Test
    void receiverReportAboutOurSenderReportGivesTheRoundTripTime() {
        Consumer consumer = carol.transport().consumer("1");
        router.connect(consumer, meeting.producerOf(alice));
        meeting.aliceSpeaks();
        assertEquals(-1, carol.transport().stats().rttMillis());

        carol.sendRtcp(receiverReport(carol.rtcpSsrc(), consumer.ssrc(), 0, 0), meeting.now);
        assertEquals(-1, carol.transport().stats().rttMillis(), "no SR received yet (LSR 0): no RTT");

        carol.transport().tick(meeting.now);
        ByteBuf ours = Unpooled.wrappedBuffer(carol.receiveRtcp().get(0));
        assertTrue(SenderReport.isSenderReport(ours, 0));
        long lsr = SenderReport.ntpMiddle32(ours, 0);

        carol.sendRtcp(receiverReport(carol.rtcpSsrc(), consumer.ssrc(), lsr, 0), meeting.now);
        assertTrue(carol.transport().stats().rttMillis() >= 0, "RTT known");

        // RFC 3550 §6.4.1: RTT = A - LSR - DLSR. An SR 500 ms older, held 250 ms by the receiver.
        long halfSecond = NtpTime.compactDuration(SECOND / 2);
        long quarter = NtpTime.compactDuration(SECOND / 4);
        carol.sendRtcp(receiverReport(carol.rtcpSsrc(), consumer.ssrc(), (lsr - halfSecond) & 0xFFFFFFFFL, quarter),
                meeting.now);
        assertTrue(carol.transport().stats().rttMillis() >= 249, "RTT " + carol.transport().stats().rttMillis());
    }

    @Test
    void qualityGathersLossAndJitterBothWays() {
        Consumer consumer = carol.transport().consumer("1");
        router.connect(consumer, meeting.producerOf(alice));
        meeting.aliceSpeaks();
        assertEquals(TransportQuality.UNKNOWN, carol.transport().quality());
        assertFalse(carol.transport().quality().isKnown());

        // Carol reports 64/256 of our stream to her lost and a jitter of 480 units (10 ms at 48 kHz).
        ByteBuf report = Unpooled.buffer();
        ReceiverReport.write(report, carol.rtcpSsrc());
        ReceptionReport.write(report, 0, consumer.ssrc(), 64, 3, 1, 480, 0, 0);
        ReceptionReport.write(report, 0, 0xDEAD, 255, 3, 1, 48_000, 0, 0); // not ours: ignored
        carol.sendRtcp(report, meeting.now);
        TransportQuality carols = carol.transport().quality();
        assertEquals(25.0, carols.outboundLossPercent(), 1e-9);
        assertEquals(10.0, carols.outboundJitterMillis(), 1e-9);
        assertEquals(-1, carols.inboundLossPercent(), "carol sent us no media");
        assertTrue(carols.isKnown());

        // Alice's microphone loses one packet in eight on its way to us: our report says so.
        for (int i = 0; i < 7; i++) {
            meeting.aliceSpeaks();
        }
        meeting.aliceMic.next();
        meeting.aliceSpeaks();
        alice.transport().tick(meeting.now);
        TransportQuality alices = alice.transport().quality();
        assertEquals(100.0 * (256 / 10) / 256, alices.inboundLossPercent(), 1e-9, "1 of 10 lost, in 1/256");
        assertTrue(alices.inboundJitterMillis() >= 0);
        assertEquals(-1, alices.outboundLossPercent(), "alice reported on nothing of ours");
        assertEquals(alices.inboundLossPercent(), alices.worstLossPercent());
    }

    /**
     * The quality score of each transport, from the reports both ways: alice's uplink loses one packet in
     * ten, which our reception statistics measure (her score drops); we forward her stream to carol with
     * the gaps in its sequence numbers, which carol reports lost, but we never sent those packets, so
     * carol's score stays good until carol herself loses packets on the way.
     */
    @Test
    void scoreComesFromReportsBothWaysAndUpstreamLossIsNotTheSubscribers() {
        // score() reads the estimator at System.nanoTime(), which must not be 30 s past the intervals' clock.
        meeting.now = System.nanoTime();
        Consumer consumer = carol.transport().consumer("1");
        router.connect(consumer, meeting.producerOf(alice));
        assertFalse(carol.transport().score().isKnown());
        assertFalse(alice.transport().score().isKnown());
        for (int i = 0; i < 10; i++) {
            meeting.aliceSpeaks();
        }
        List<byte[]> first = carol.takeProtectedRtp();
        int firstSequence = sequenceOf(first.getFirst());
        carol.sendRtcp(receptionReport(carol.rtcpSsrc(), consumer.ssrc(), 0, 0, firstSequence + 9), meeting.now);
        QualityScore clean = carol.transport().score();
        assertTrue(clean.mos() >= 4.2, clean.toString());

        for (int i = 0; i < 50; i++) {
            if (i % 10 == 5) {
                meeting.aliceMic.next(); // lost on alice's uplink
                meeting.tick();
            } else {
                meeting.aliceSpeaks();
            }
        }
        alice.transport().tick(meeting.now);
        QualityScore alices = alice.transport().score();
        assertTrue(alices.isKnown());
        assertTrue(alices.mos() <= 3.6, "alice loses 10 % on her way to us: " + alices);

        assertEquals(45, carol.takeProtectedRtp().size());
        carol.sendRtcp(receptionReport(carol.rtcpSsrc(), consumer.ssrc(), 25, 5, firstSequence + 59), meeting.now);
        assertEquals(clean.r(), carol.transport().score().r(), 0.01,
                "the gaps carol reports were never sent to her: " + carol.transport().score());

        for (int i = 0; i < 250; i++) { // 5 s: a report interval of libwebrtc's
            meeting.aliceSpeaks();
        }
        assertEquals(250, carol.takeProtectedRtp().size());
        // 25 of those 250 lost on the way to carol.
        carol.sendRtcp(receptionReport(carol.rtcpSsrc(), consumer.ssrc(), 25, 30, firstSequence + 309), meeting.now);
        QualityScore lossy = carol.transport().score();
        assertTrue(lossy.mos() <= 3.7, "carol loses 10 % on the way from us: " + lossy);
    }

    /** A subscriber that also publishes reports on our stream in its own SR (RFC 3550 §6.4.1). */
    @Test
    void senderReportFromTheSubscriberAlsoGivesTheRoundTripTime() {
        Consumer consumer = carol.transport().consumer("1");
        router.connect(consumer, meeting.producerOf(alice));
        meeting.aliceSpeaks();
        carol.transport().tick(meeting.now);
        long lsr = SenderReport.ntpMiddle32(Unpooled.wrappedBuffer(carol.receiveRtcp().get(0)), 0);

        long epochNanos = System.currentTimeMillis() * 1_000_000L;
        ByteBuf sr = Unpooled.buffer();
        SenderReport.write(sr, BrowserPeer.FIXTURE_PUBLISHER_SSRC, NtpTime.seconds(epochNanos),
                NtpTime.fraction(epochNanos), 0, 0, 0);
        ReceptionReport.write(sr, 0, consumer.ssrc(), 0, 0, 1, 0,
                (lsr - NtpTime.compactDuration(SECOND)) & 0xFFFFFFFFL, 0);
        carol.sendRtcp(sr, meeting.now);

        assertTrue(carol.transport().stats().rttMillis() >= 999, "RTT " + carol.transport().stats().rttMillis());
    }

    static int sequenceOf(byte[] rtp) {
        return RtpPacket.sequenceNumber(Unpooled.wrappedBuffer(rtp));
    }

    /** A Chrome-style compound feedback packet: an empty RR, then a generic NACK (RFC 4585 §6.2.1). */
    static ByteBuf nack(long senderSsrc, long mediaSsrc, int... lost) {
        ByteBuf out = Unpooled.buffer();
        ReceiverReport.write(out, senderSsrc);
        Nack.write(out, senderSsrc, mediaSsrc, lost, lost.length);
        return out;
    }

    private static ByteBuf pli(long senderSsrc, long mediaSsrc) {
        ByteBuf out = Unpooled.buffer();
        ReceiverReport.write(out, senderSsrc);
        Pli.write(out, senderSsrc, mediaSsrc);
        return out;
    }

    private static ByteBuf fir(long senderSsrc, long mediaSsrc) {
        ByteBuf out = Unpooled.buffer();
        ReceiverReport.write(out, senderSsrc);
        Fir.write(out, senderSsrc, mediaSsrc, 1);
        return out;
    }

    private static ByteBuf receptionReport(long senderSsrc, long aboutSsrc, int fractionLost, int cumulativeLost,
                                           long extendedHighest) {
        ByteBuf out = Unpooled.buffer();
        ReceiverReport.write(out, senderSsrc);
        ReceptionReport.write(out, 0, aboutSsrc, fractionLost, cumulativeLost, extendedHighest, 0, 0, 0);
        return out;
    }

    private static ByteBuf receiverReport(long senderSsrc, long aboutSsrc, long lsr, long dlsr) {
        ByteBuf out = Unpooled.buffer();
        ReceiverReport.write(out, senderSsrc);
        ReceptionReport.write(out, 0, aboutSsrc, 0, 0, 1, 0, lsr, dlsr);
        return out;
    }
}
