package org.parley.signaling.sip.media;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.parley.media.quality.QualityEstimator;
import org.parley.media.quality.QualityScore;
import org.parley.media.quality.StreamLoss;
import org.parley.media.router.LocalRtpStream;
import org.parley.media.router.Producer;
import org.parley.media.rtcp.NtpTime;
import org.parley.media.rtcp.ReceiverReport;
import org.parley.media.rtcp.ReceptionReport;
import org.parley.media.rtcp.RtcpPacket;
import org.parley.media.rtcp.RttEstimator;
import org.parley.media.rtcp.Sdes;
import org.parley.media.rtcp.SenderReport;
import org.parley.media.rtp.ReceiveStatistics;
import org.parley.media.rtp.RtpPacket;
import org.parley.media.rtp.SendStatistics;
import org.parley.media.transport.TransportQuality;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tick.FrameFormat;
import org.parley.signaling.interpretation.ChannelKey;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;

/**
 * One call's audio: plain RTP/AVP (RFC 3550, RFC 3551) with a room system on a UDP port of its
 * own, bridged into the meeting.
 *
 * <ul>
 *   <li>Uplink: the room system's G.711 becomes an Opus {@linkplain Producer#local local producer}
 *   ({@link #producerId()}) in the media core's router, fed into the meeting's floor mix like a
 *   delegate's microphone and announced to the meeting as the participant's, so the SFU forwards it
 *   too ({@link VoiceUplink}).</li>
 *   <li>Downlink: the channel {@code <language>/mixed} at the {@code standard} tier is decoded and
 *   sent to the room system in its codec ({@link ChannelDownlink}).</li>
 * </ul>
 *
 * <p>Where media goes: an SDP offer is no proof of address (anyone can name a third party in its
 * {@code c=} line and have Parley stream at it), so the call sends to the offer's address only if it
 * is the host the call's signaling came from; otherwise it sends nothing
 * ({@link #packetsWithheld()}) until RTP comes from the signaling host. Only RTP from the signaling
 * host with the negotiated payload type is taken; all else is counted in {@link #packetsDropped()}.
 * Symmetric RTP (RFC 4961): the first accepted packet fixes the room system's transport address (a
 * NAT may change the port, or the address the SDP named), and from then on packets are sent there
 * and only packets from there are taken.
 *
 * <p>RTCP (RFC 3550 §6.4), on the next port or multiplexed (RFC 5761), both ways: every 5 s the call
 * sends a sender report about what it sends (a receiver report before it sent anything) with a
 * reception report block on the room system's stream, and its CNAME. The room system's sender reports
 * give that block its LSR/DLSR; its report blocks on our stream give the round-trip time (A − LSR −
 * DLSR) and the loss and jitter of what it hears. Both feed the call's {@link #quality()} and
 * {@link #score()}, as a WebRTC transport's do. RTCP that is not a valid compound packet is counted as
 * dropped.
 *
 * <p>Threads: the public methods may be called from any thread, also with the meeting's lock held
 * (from meeting events). Datagrams, decoding, encoding and sending run on the call's event loop (one thread shared by the calls of a {@link CallAudioFactory},
 * not the media event loop), which also owns the counters' updates.
 */
public final class CallAudio implements AutoCloseable {

    /** RFC 3550 §6.2: the minimum interval between RTCP reports. */
    private static final long REPORT_INTERVAL_MILLIS = 5000;
    /** An SR (28 bytes), one report block (24) and an SDES CNAME chunk of a short name. */
    private static final int REPORT_BYTES = 128;

    private final CallAudioFactory factory;
    private final Meeting meeting;
    private final String participantId;
    private final CallPorts ports;
    private final Channel rtp;
    private final EventLoop loop;
    private final String producerId;
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder rtcpReceived = new LongAdder();
    private final LongAdder reportsSent = new LongAdder();
    private final LongAdder withheld = new LongAdder();
    /** RFC 3550 §6.5.1: one canonical name per call (RFC 7022: not revealing a user). */
    private final byte[] cname;

    /**
     * What {@link #start} built, published under this object's lock once whole; null before. The lock
     * is never held while calling out (into the meeting, its channels or the router), so these methods
     * may be called from meeting events, which run under the meeting's lock.
     */
    private volatile Bridge bridge;
    private boolean startCalled;
    /** The floor's latest word, which {@link #start} applies if it came while starting. */
    private volatile boolean heard;
    // Call loop only, published by the start task.
    private VoiceUplink uplink;
    private InetSocketAddress negotiated;
    /** Where the call's INVITE came from: the only host media is taken from, or sent to before latching. */
    private InetAddress signalingHost;
    private CallCodec codec;
    /** The room system's transport address once its first packet is taken (RFC 4961). */
    private InetSocketAddress latched;
    private boolean started;
    private ScheduledFuture<?> reports;
    /** The room system's stream as we receive it, from its first packet on. */
    private ReceiveStatistics uplinkStatistics;
    private final StreamLoss uplinkLoss = new StreamLoss();
    private final StreamLoss downlinkLoss = new StreamLoss();
    // Written on the call loop, read by anyone.
    private final QualityEstimator qualityEstimator = new QualityEstimator();
    private volatile TransportQuality quality = TransportQuality.UNKNOWN;
    private volatile boolean closed;

    CallAudio(CallAudioFactory factory, Meeting meeting, String participantId, CallPorts ports) {
        this.factory = factory;
        this.meeting = meeting;
        this.participantId = participantId;
        this.ports = ports;
        this.rtp = ports.rtp();
        this.loop = rtp.eventLoop();
        this.producerId = "sip/" + meeting.id() + "/" + participantId;
        this.cname = ("parley-sip-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Call loop: a datagram on the RTP port; {@link CallPorts} keeps ownership of it. */
    void receiveRtpPort(ByteBuf datagram, InetSocketAddress sender) {
        if (RtcpPacket.isRtcp(datagram)) {
            receiveRtcpPort(datagram, sender); // RFC 5761 §4: multiplexed RTCP
            return;
        }
        if (!started || !fromRoomSystem(sender) || !RtpPacket.isRtp(datagram) || !RtpPacket.isValid(datagram)
                || RtpPacket.payloadType(datagram) != codec.payloadType()) {
            dropped.increment();
            return;
        }
        if (latched == null) {
            latched = sender;
        }
        if (uplink.receive(datagram)) {
            received.increment();
            countUplink(datagram);
        } else {
            dropped.increment();
        }
    }

    /**
     * Call loop: the room system's packet in our reception statistics. Another SSRC than the one
     * counted replaces it only once that one went quiet for a report interval, so an SSRC that changes
     * with every packet costs no allocation per packet.
     */
    private void countUplink(ByteBuf packet) {
        long ssrc = RtpPacket.ssrc(packet);
        if (uplinkStatistics == null
                || (uplinkStatistics.ssrc() != ssrc && uplinkStatistics.receivedSinceReport() == 0)) {
            uplinkStatistics = new ReceiveStatistics(ssrc);
        }
        if (uplinkStatistics.ssrc() == ssrc) {
            uplinkStatistics.update(packet, System.nanoTime(), codec.clockRate());
        }
    }

    /** Call loop: a datagram whose handling threw. */
    void handlingFailed() {
        dropped.increment();
    }

    /** Call loop: a datagram on the RTCP port, or RTCP on the RTP port. */
    void receiveRtcpPort(ByteBuf datagram, InetSocketAddress sender) {
        // Its RTCP comes from another port than its RTP: only the host must be the signaling one.
        if (!started || !signalingHost.equals(sender.getAddress()) || !RtcpPacket.isRtcp(datagram)) {
            dropped.increment();
            return;
        }
        rtcpReceived.increment();
        // RFC 3550 §6.1, A.2: a compound whose lengths do not add up is dropped whole.
        if (!RtcpPacket.isValidCompound(datagram)) {
            dropped.increment();
            return;
        }
        long nowNanos = System.nanoTime();
        long arrivalCompactNtp = NtpTime.compact(System.currentTimeMillis() * 1_000_000L);
        for (int off = RtcpPacket.first(datagram); off >= 0; off = RtcpPacket.next(datagram, off)) {
            int type = RtcpPacket.packetType(datagram, off);
            if (type == RtcpPacket.SR && uplinkStatistics != null
                    && RtcpPacket.senderSsrc(datagram, off) == uplinkStatistics.ssrc()) {
                uplinkStatistics.onSenderReport(SenderReport.ntpMiddle32(datagram, off), nowNanos);
            }
            if (type == RtcpPacket.SR || type == RtcpPacket.RR) {
                readReportBlocks(datagram, off, arrivalCompactNtp, nowNanos);
            }
        }
    }

    /** Call loop: the room system's report block on what we send it, if the SR or RR at {@code off} has one. */
    private void readReportBlocks(ByteBuf compound, int off, long arrivalCompactNtp, long nowNanos) {
        Bridge current = bridge;
        if (current == null) {
            return;
        }
        ChannelDownlink downlink = current.downlink;
        int count = RtcpPacket.count(compound, off);
        for (int i = 0; i < count; i++) {
            int block = ReceptionReport.inReport(compound, off, i);
            if (block < 0) {
                return;
            }
            if (ReceptionReport.ssrc(compound, block) != downlink.ssrc()) {
                continue;
            }
            long rtt = RttEstimator.rttMillis(arrivalCompactNtp, ReceptionReport.lastSenderReport(compound, block),
                    ReceptionReport.delaySinceLastSenderReport(compound, block));
            qualityEstimator.onRoundTripTime(rtt);
            int fractionLost = ReceptionReport.fractionLost(compound, block);
            double jitterMillis = TransportQuality.millis(ReceptionReport.jitter(compound, block), codec.clockRate());
            downlinkLoss.onReceptionReport(downlink.sendStatistics().packets(),
                    ReceptionReport.extendedHighestSequence(compound, block),
                    ReceptionReport.cumulativeLost(compound, block), fractionLost, nowNanos);
            qualityEstimator.onOutboundInterval(downlinkLoss.sent(), downlinkLoss.weightedLost(), jitterMillis,
                    nowNanos);
            TransportQuality before = quality;
            quality = new TransportQuality(rtt >= 0 ? rtt : before.rttMillis(), before.inboundLossPercent(),
                    before.inboundJitterMillis(), TransportQuality.percent(fractionLost), jitterMillis);
            return;
        }
    }

    /** RFC 4961: the latched address once there is one, else any port of the signaling host. */
    private boolean fromRoomSystem(InetSocketAddress sender) {
        return latched != null ? latched.equals(sender) : signalingHost.equals(sender.getAddress());
    }

    /**
     * Call loop: where media may go now: the latched address; before it, the offer's address if it is
     * on the signaling host; else nowhere (null).
     */
    private InetSocketAddress target() {
        if (latched != null) {
            return latched;
        }
        return negotiated != null && negotiated.getAddress().equals(signalingHost) ? negotiated : null;
    }

    /** Call loop: sends one packet of the downlink; takes ownership of it. */
    private boolean send(ByteBuf packet) {
        InetSocketAddress target = target();
        if (closed || !rtp.isActive()) {
            packet.release();
            return false;
        }
        if (target == null) {
            withheld.increment(); // not latched yet, and the offer named another host
            packet.release();
            return false;
        }
        sent.increment();
        rtp.writeAndFlush(new DatagramPacket(packet, target), rtp.voidPromise());
        return true;
    }

    /** The announced address for the SDP answer's c= line. */
    public String address() {
        return factory.announcedAddress();
    }

    /** The RTP port, for the m= line; RTCP is on the port above it when {@link #rtcpPort()} says so. */
    public int port() {
        return ports.rtpPort();
    }

    /** The RTCP port ({@link #port()} + 1), or -1 if RTCP is taken multiplexed on the RTP port only. */
    public int rtcpPort() {
        return ports.rtcpPort();
    }

    /**
     * Starts media with the room system at {@code remote} in {@code codec}: its packets are decoded,
     * resampled to 48 kHz, Opus-encoded and published as a producer in the Router (id
     * {@link #producerId()}) that feeds the meeting's floor mix, {@code heard} or not yet; and the
     * channel {@code language}/mixed at tier standard is decoded, resampled and sent to the room system.
     *
     * @param remote        the RTP address the room system's offer names
     * @param signalingHost where the call's INVITE came from: media goes to {@code remote} only if it is
     *                      on this host, else only after latching onto RTP from this host
     * @throws IllegalStateException if started before or closed
     * @throws IllegalArgumentException if the meeting has no such language (nor is it {@link ChannelKey#FLOOR})
     */
    public void start(InetSocketAddress remote, InetAddress signalingHost, CallCodec codec, String language,
                      boolean heard) {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(signalingHost, "signalingHost");
        Objects.requireNonNull(codec, "codec");
        MeetingChannels channels = factory.channelsOf(meeting);
        ChannelKey key = channelKey(channels, language, heard);
        Producer channel = channels.producer(key);
        if (channel == null && key.isMixMinus()) {
            key = key.ordinary();
        }
        channel = channelProducer(channels, key);
        synchronized (this) {
            if (startCalled || closed) {
                throw new IllegalStateException(closed ? "call audio is closed" : "call audio already started");
            }
            startCalled = true;
            this.heard = heard;
        }
        LocalRtpStream stream = LocalRtpStream.create(producerId, "audio", CallAudioFactory.OPUS_PAYLOAD_TYPE,
                FrameFormat.SAMPLE_RATE);
        Producer producer = stream.producer();
        producer.setMuted(!heard);
        factory.media().router().addProducer(producer);
        channels.addSource(producer, null, heard);
        Participant participant = meeting.participant(participantId);
        if (participant != null) {
            meeting.addProducer(participant, producerId); // so that the SFU forwards it too
        }
        ChannelDownlink downlink = new ChannelDownlink(loop, rtp.alloc(), channels, factory.taps(), codec,
                this::send, dropped);
        downlink.listen(key, channel);
        VoiceUplink voice = new VoiceUplink(codec, stream, factory.injector());
        loop.execute(() -> {
            if (closed) {
                voice.close();
                return;
            }
            this.uplink = voice;
            this.negotiated = remote;
            this.signalingHost = signalingHost;
            this.codec = codec;
            this.started = true;
            // RFC 3550 §6.2: at least 5 s apart; the first after half of that.
            this.reports = loop.scheduleAtFixedRate(() -> sendReport(downlink), REPORT_INTERVAL_MILLIS / 2,
                    REPORT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        });
        Bridge built = new Bridge(channels, producer, downlink);
        boolean closedMeanwhile;
        synchronized (this) {
            closedMeanwhile = closed;
            if (!closedMeanwhile) {
                bridge = built;
            }
        }
        if (closedMeanwhile) {
            release(built);
        } else if (this.heard != heard) {
            setHeard(this.heard);
        }
    }

    /**
     * The stream a call hears for {@code language}: its mixed variant at the standard tier; while the
     * room system is heard on the floor, its own mix-minus of it, so that the room does not hear
     * itself come back (the same rule as a WebRTC delegate's m-lines).
     */
    private ChannelKey channelKey(MeetingChannels channels, String language, boolean heardNow) {
        ChannelKey ordinary = new ChannelKey(language, Variant.MIXED, factory.standardTier(channels));
        return heardNow ? ordinary.withMixMinusOf(producerId) : ordinary;
    }

    /** Points the downlink at {@code language}'s stream as {@link #channelKey} says now; the ordinary one if its own is not to be had. */
    private void hear(Bridge current, String language, boolean heardNow) {
        ChannelKey key = channelKey(current.channels, language, heardNow);
        Producer producer = current.channels.producer(key);
        if (producer == null && key.isMixMinus()) {
            key = key.ordinary();
            producer = current.channels.producer(key);
        }
        if (producer == null) {
            throw new IllegalArgumentException("meeting " + meeting.id() + " has no language " + language);
        }
        current.downlink.listen(key, producer);
    }

    private Producer channelProducer(MeetingChannels channels, ChannelKey key) {
        Producer channel = channels.producer(key);
        if (channel == null) {
            throw new IllegalArgumentException("meeting " + meeting.id() + " has no language " + key.language());
        }
        return channel;
    }

    /** The id of the room system's producer in the router; null before {@link #start}. */
    public String producerId() {
        return bridge == null ? null : producerId;
    }

    /**
     * The room system's voice joins or leaves the floor mix and SFU forwarding (floor gating): its
     * producer is {@linkplain Producer#setMuted muted} and it is taken out of the floor mix, as a
     * WebRTC delegate's is. Before {@link #start} nothing (start says whether it is heard); after
     * {@link #close} nothing.
     */
    public void setHeard(boolean heard) {
        this.heard = heard;
        Bridge current = bridge;
        if (current == null || closed) {
            return;
        }
        current.producer.setMuted(!heard);
        current.channels.setFloorSpeaker(current.producer, heard);
        ChannelKey hearing = current.downlink.heard();
        if (hearing != null) {
            try {
                hear(current, hearing.language(), heard);
            } catch (IllegalArgumentException e) {
                // The language has just been removed; the meeting moves the call to the floor.
            }
        }
    }

    /**
     * Switches what the room system hears to {@code language}/mixed (no SIP re-INVITE needed): the
     * old channel is heard until the new one's first packet. Nothing before {@link #start}.
     *
     * @throws IllegalArgumentException if the meeting has no such language
     */
    public void listen(String language) {
        Bridge current = bridge;
        if (current == null || closed) {
            return;
        }
        hear(current, language, heard);
    }

    /** The language the room system hears (or is being switched to); null before {@link #start}. */
    public String language() {
        Bridge current = bridge;
        return current == null ? null : current.downlink.heard().language();
    }

    /** RTP packets from the room system taken into the meeting. */
    public long packetsReceived() {
        return received.sum();
    }

    /** RTP packets sent to the room system. */
    public long packetsSent() {
        return sent.sum();
    }

    /**
     * Datagrams refused: from elsewhere than the room system, not RTP, of another payload type,
     * malformed, late, or arriving before {@link #start}; and channel packets the call could not keep
     * up with.
     */
    public long packetsDropped() {
        return dropped.sum();
    }

    /**
     * Channel packets not sent because the offer named another host than the signaling's and no RTP
     * has come from the signaling host yet to latch onto.
     */
    public long packetsWithheld() {
        return withheld.sum();
    }

    /** RTCP sender reports sent to the room system, every 5 s while it hears a channel. */
    public long reportsSent() {
        return reportsSent.sum();
    }

    /** RTCP packets received from the room system's host, on either port. */
    public long rtcpReceived() {
        return rtcpReceived.sum();
    }

    /**
     * What RTCP says of the call's media both ways, as a WebRTC transport's {@code quality()}: the
     * round-trip time, the loss and jitter of the room system's stream in our reports, and of ours in its
     * reports; each -1 until known. Any thread.
     */
    public TransportQuality quality() {
        return quality;
    }

    /** The estimated speech quality of the call's link (E-model R and MOS); see {@link QualityEstimator}. Any thread. */
    public QualityScore score() {
        return qualityEstimator.score();
    }

    /**
     * Ends the call's audio: the producer leaves the mix, the meeting and the router, the listener
     * leaves its channel, the ports are released, and the codecs are freed on the call loop.
     * Idempotent.
     */
    @Override
    public void close() {
        Bridge built;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            built = bridge;
        }
        if (built != null) {
            release(built); // else start() is still building it, and releases it when done
        }
        ports.close();
        // After the sockets' last reads, which ran on this loop.
        CallAudioFactory.runOn(loop, this::closeOnLoop);
        factory.closed(this);
    }

    /**
     * Call loop: our report to the room system's RTCP port, the one above its RTP port (RFC 3550 §11),
     * or its RTP port if ours is multiplexed: a sender report about the downlink (a receiver report
     * before it sent anything), a report block about the room system's stream once it sent, and our
     * CNAME (§6.1). Nothing while there is nothing to report.
     */
    private void sendReport(ChannelDownlink downlink) {
        InetSocketAddress target = target();
        Channel rtcp = ports.rtcp();
        if (closed || target == null) {
            return;
        }
        long nowNanos = System.nanoTime();
        SendStatistics sending = downlink.sendStatistics();
        ByteBuf compound = rtp.alloc().buffer(REPORT_BYTES);
        int reportStart = compound.writerIndex();
        if (sending.hasSent()) {
            sending.writeSenderReport(compound, nowNanos, System.currentTimeMillis() * 1_000_000L, codec.clockRate());
        } else {
            ReceiverReport.write(compound, downlink.ssrc());
        }
        boolean reported = writeUplinkBlock(compound, reportStart, nowNanos);
        if (!sending.hasSent() && !reported) {
            compound.release();
            return;
        }
        Sdes.writeCname(compound, downlink.ssrc(), cname);
        if (rtcp == null) {
            rtp.writeAndFlush(new DatagramPacket(compound, target), rtp.voidPromise());
        } else {
            InetSocketAddress rtcpTarget = new InetSocketAddress(target.getAddress(), target.getPort() + 1);
            rtcp.writeAndFlush(new DatagramPacket(compound, rtcpTarget), rtcp.voidPromise());
        }
        reportsSent.increment();
    }

    /**
     * Call loop: the report block on the room system's stream, appended to the SR or RR at
     * {@code reportStart} of {@code compound}; it ends the loss interval, which goes to the quality score.
     *
     * @return whether a block was written
     */
    private boolean writeUplinkBlock(ByteBuf compound, int reportStart, long nowNanos) {
        ReceiveStatistics statistics = uplinkStatistics;
        if (statistics == null) {
            return false;
        }
        // Read before writing the block starts a new interval.
        int fractionLost = statistics.fractionLost();
        long expected = statistics.expectedSinceReport();
        long receivedNow = statistics.receivedSinceReport();
        if (statistics.writeReportBlock(compound, reportStart, nowNanos) < 0) {
            return false;
        }
        double jitterMillis = TransportQuality.millis(statistics.jitter(), codec.clockRate());
        uplinkLoss.onInterval(expected, receivedNow, nowNanos);
        qualityEstimator.onInboundInterval(uplinkLoss.sent(), uplinkLoss.weightedLost(), jitterMillis, nowNanos);
        TransportQuality before = quality;
        quality = new TransportQuality(before.rttMillis(), TransportQuality.percent(fractionLost), jitterMillis,
                before.outboundLossPercent(), before.outboundJitterMillis());
        return true;
    }

    /** Takes the room system out of the meeting: listener, mix, meeting and router. */
    private void release(Bridge built) {
        built.downlink.close();
        built.channels.removeSource(built.producer);
        Participant participant = meeting.participant(participantId);
        if (participant != null) {
            meeting.removeProducer(participant, producerId);
        }
        factory.removeProducer(built.producer);
    }

    /** What connects a started call to its meeting. */
    private record Bridge(MeetingChannels channels, Producer producer, ChannelDownlink downlink) {
    }

    private void closeOnLoop() {
        if (reports != null) {
            reports.cancel(false);
        }
        if (uplink != null) {
            uplink.close();
            uplink = null;
        }
        started = false;
    }
}
