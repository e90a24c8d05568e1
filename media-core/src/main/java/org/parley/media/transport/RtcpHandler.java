package org.parley.media.transport;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.parley.media.MediaMetrics;
import org.parley.media.router.Consumer;
import org.parley.media.router.Producer;
import org.parley.media.rtcp.Fir;
import org.parley.media.rtcp.Nack;
import org.parley.media.rtcp.NtpTime;
import org.parley.media.rtcp.Pli;
import org.parley.media.rtcp.ReceiverReport;
import org.parley.media.rtcp.ReceptionReport;
import org.parley.media.rtcp.RtcpPacket;
import org.parley.media.rtcp.RttEstimator;
import org.parley.media.rtcp.Sdes;
import org.parley.media.rtcp.SenderReport;
import org.parley.media.rtp.ReceiveStatistics;

/**
 * RTCP of one transport, both ways (RFC 3550 §6, RFC 4585): reads the peer's decrypted compound
 * packets (SR/RR for RTT and LSR, NACK answered from the retransmission buffer, PLI/FIR passed to
 * the publisher) and writes our periodic reports: an SR per consumer that has sent, report blocks
 * for every producer. Both ways, each report interval feeds the transport's quality score. Event loop
 * only; nothing allocated per packet read.
 */
final class RtcpHandler {

    /** Key frame requests to a publisher: at most one per second however many consumers ask. */
    private static final long KEY_FRAME_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Stay well under the path MTU, with room for the SRTCP trailer. */
    private static final int MAX_COMPOUND = 1100;

    private final WebRtcTransport transport;
    private final MediaMetrics metrics;
    private final byte[] cname;
    private final NackVisitor nackVisitor = new NackVisitor();

    RtcpHandler(WebRtcTransport transport) {
        this.transport = transport;
        this.metrics = transport.metrics();
        this.cname = ("parley-" + transport.id()).getBytes(StandardCharsets.US_ASCII);
    }

    /** One decrypted compound packet from the peer; the caller keeps ownership. */
    void receive(ByteBuf compound, long nowNanos) {
        // RFC 3550 §6.1, A.2: the packets' lengths must add up to the compound's; one that does not
        // is dropped whole (and counted) rather than acted on up to its first broken packet.
        if (!RtcpPacket.isValidCompound(compound)) {
            metrics.droppedMalformed.increment();
            return;
        }
        int off = RtcpPacket.first(compound);
        long arrivalCompactNtp = NtpTime.compact(epochNanos());
        for (; off >= 0; off = RtcpPacket.next(compound, off)) {
            switch (RtcpPacket.packetType(compound, off)) {
                case RtcpPacket.SR -> {
                    Producer producer = transport.producerBySsrc(RtcpPacket.senderSsrc(compound, off));
                    if (producer != null) {
                        producer.receiveStatistics().onSenderReport(SenderReport.ntpMiddle32(compound, off), nowNanos);
                    }
                    readReportBlocks(compound, off, arrivalCompactNtp, nowNanos);
                }
                case RtcpPacket.RR -> readReportBlocks(compound, off, arrivalCompactNtp, nowNanos);
                case RtcpPacket.RTPFB -> {
                    if (Nack.isNack(compound, off)) {
                        Consumer consumer = transport.consumerBySsrc(Nack.mediaSsrc(compound, off));
                        if (consumer != null) {
                            nackVisitor.consumer = consumer;
                            nackVisitor.nowNanos = nowNanos;
                            Nack.forEachLost(compound, off, nackVisitor);
                            nackVisitor.consumer = null;
                        }
                    }
                }
                case RtcpPacket.PSFB -> {
                    if (Pli.isPli(compound, off)) {
                        requestKeyFrame(Pli.mediaSsrc(compound, off), nowNanos);
                    } else if (Fir.isFir(compound, off)) {
                        int entries = Fir.entryCount(compound, off);
                        for (int i = 0; i < entries; i++) {
                            requestKeyFrame(Fir.entrySsrc(compound, off, i), nowNanos);
                        }
                    }
                }
                default -> {
                    // SDES, BYE, APP, REMB, transport-cc: nothing to act on for forwarded audio
                }
            }
        }
    }

    /**
     * The peer's report blocks on our streams: RTT, the worst loss and jitter for {@link TransportQuality},
     * and one outbound interval for the quality score (each stream's loss from what we sent, see
     * {@link org.parley.media.quality.StreamLoss#onReceptionReport}).
     */
    private void readReportBlocks(ByteBuf compound, int off, long arrivalCompactNtp, long nowNanos) {
        int count = RtcpPacket.count(compound, off);
        int worstFraction = -1;
        double worstJitter = -1;
        long sent = 0;
        double weightedLost = 0;
        for (int i = 0; i < count; i++) {
            int block = ReceptionReport.inReport(compound, off, i);
            if (block < 0) {
                break;
            }
            Consumer consumer = transport.consumerBySsrc(ReceptionReport.ssrc(compound, block));
            if (consumer != null) {
                int fractionLost = ReceptionReport.fractionLost(compound, block);
                worstFraction = Math.max(worstFraction, fractionLost);
                worstJitter = Math.max(worstJitter, TransportQuality.millis(ReceptionReport.jitter(compound, block),
                        consumer.clockRate()));
                long rtt = RttEstimator.rttMillis(arrivalCompactNtp, ReceptionReport.lastSenderReport(compound, block),
                        ReceptionReport.delaySinceLastSenderReport(compound, block));
                if (rtt >= 0) {
                    transport.onRoundTripTime(rtt);
                }
                consumer.loss().onReceptionReport(consumer.sendStatistics().packets(),
                        ReceptionReport.extendedHighestSequence(compound, block),
                        ReceptionReport.cumulativeLost(compound, block), fractionLost, nowNanos);
                sent += consumer.loss().sent();
                weightedLost += consumer.loss().weightedLost();
            }
        }
        if (worstFraction >= 0) {
            transport.onOutboundReport(TransportQuality.percent(worstFraction), worstJitter);
            transport.qualityEstimator().onOutboundInterval(sent, weightedLost, worstJitter, nowNanos);
        }
    }

    private void requestKeyFrame(long consumerSsrc, long nowNanos) {
        Consumer consumer = transport.consumerBySsrc(consumerSsrc);
        Producer producer = consumer == null ? null : consumer.producer();
        if (producer != null && producer.requestKeyFrame(nowNanos, KEY_FRAME_INTERVAL_NANOS)) {
            metrics.keyFrameRequests.increment();
        }
    }

    /**
     * Our periodic compound: SRs for the consumers that have sent (RFC 3550 §6.4.1), report blocks
     * about the producers (§6.4.2) in the first report, and an SDES CNAME (§6.1 requires one).
     */
    void sendReports(long nowNanos) {
        ByteBuf out = transport.allocator().directBuffer(1500);
        long epochNanos = epochNanos();
        long firstSsrc = -1;
        int reportStart = -1;
        for (Consumer consumer : transport.consumersView()) {
            if (!consumer.sendStatistics().hasSent() || out.readableBytes() > MAX_COMPOUND - 200) {
                continue;
            }
            int start = out.writerIndex();
            consumer.sendStatistics().writeSenderReport(out, nowNanos, epochNanos, consumer.clockRate());
            if (firstSsrc < 0) {
                firstSsrc = consumer.ssrc();
                reportStart = start;
            }
        }
        if (reportStart < 0) {
            reportStart = out.writerIndex();
            firstSsrc = transport.rtcpSsrc();
            ReceiverReport.write(out, firstSsrc);
        }
        int worstFraction = -1;
        double worstJitter = -1;
        long sent = 0;
        double weightedLost = 0;
        for (Producer producer : transport.producersView()) {
            ReceiveStatistics statistics = producer.receiveStatistics();
            // Read before writing the block starts a new interval.
            int fractionLost = statistics.fractionLost();
            long expected = statistics.expectedSinceReport();
            long received = statistics.receivedSinceReport();
            if (statistics.writeReportBlock(out, reportStart, nowNanos) > 0) {
                worstFraction = Math.max(worstFraction, fractionLost);
                worstJitter = Math.max(worstJitter, TransportQuality.millis(statistics.jitter(), producer.clockRate()));
                producer.loss().onInterval(expected, received, nowNanos);
                sent += producer.loss().sent();
                weightedLost += producer.loss().weightedLost();
            }
        }
        if (worstFraction >= 0) {
            transport.onInboundReport(TransportQuality.percent(worstFraction), worstJitter);
            transport.qualityEstimator().onInboundInterval(sent, weightedLost, worstJitter, nowNanos);
        }
        Sdes.writeCname(out, firstSsrc, cname);
        transport.sendRtcp(out);
    }

    /** RFC 4585 §6.3.1, sent as a reduced-size compound led by an empty RR. */
    void sendPictureLossIndication(long mediaSsrc) {
        ByteBuf out = transport.allocator().directBuffer(64);
        ReceiverReport.write(out, transport.rtcpSsrc());
        Pli.write(out, transport.rtcpSsrc(), mediaSsrc);
        transport.sendRtcp(out);
    }

    private static long epochNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }

    /** Resends each reported sequence number; reused, so reading a NACK allocates nothing. */
    private final class NackVisitor implements IntConsumer {
        Consumer consumer;
        long nowNanos;

        @Override
        public void accept(int sequenceNumber) {
            metrics.nacksReceived.increment();
            consumer.retransmit(sequenceNumber, nowNanos);
        }
    }
}
