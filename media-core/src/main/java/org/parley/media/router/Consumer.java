package org.parley.media.router;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.media.rtp.HeaderExtensions;
import org.parley.media.rtp.RtpPacket;
import org.parley.media.rtp.SendStatistics;
import org.parley.media.transport.RtpExtensionIds;
import org.parley.media.transport.WebRtcTransport;

/**
 * An outgoing RTP stream: one SSRC of ours on one m-line of a transport, forwarding one producer at
 * a time.
 *
 * <p>The consumer owns the numbering its receiver sees: SSRC, sequence numbers and timestamps are
 * rewritten so that a switch to another producer looks like the same stream continuing (RFC 3550
 * §5.1: sequence numbers increase by one, timestamps by elapsed time). The receiver's jitter buffer
 * therefore never resets and nothing is renegotiated. All forwarding runs on the media event loop.
 */
public final class Consumer {

    /** Headroom for SRTP/GCM tags and a re-padded extension block. */
    private static final int OUTGOING_HEADROOM = 64;
    /** See {@link #filteringStragglers}: about 5 minutes of 20 ms audio packets. */
    private static final int STRAGGLER_WINDOW = 0x4000;

    private final WebRtcTransport transport;
    private final String mid;
    private final long ssrc;
    private final int payloadType;
    private final int clockRate;
    private final RtpExtensionIds extensionIds;
    private final SendStatistics sendStatistics;
    /** Producer's extension id → ours (0 drops the element); rebuilt on each switch. */
    private final byte[] extensionIdMap = new byte[256];

    private volatile Producer source;
    private Producer lastForwarded;
    private boolean started;
    private int sequenceDelta;
    private long timestampDelta;
    private int lastSequence;
    private long lastTimestamp;
    private long lastSentNanos;
    private int epochFirstSequence;
    /**
     * Whether packets numbered before {@link #epochFirstSequence} are still told apart as stragglers
     * from before the latest switch. Serial-number comparison (RFC 1982) only works within half the
     * sequence space, so this stops once the epoch is {@link #STRAGGLER_WINDOW} packets old;
     * nothing that old is still in flight.
     */
    private boolean filteringStragglers;

    public Consumer(WebRtcTransport transport, String mid, long ssrc, int payloadType, int clockRate,
                    RtpExtensionIds extensionIds) {
        this.transport = transport;
        this.mid = mid;
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.clockRate = clockRate;
        this.extensionIds = extensionIds;
        this.sendStatistics = new SendStatistics(ssrc);
    }

    public String transportId() {
        return transport.id();
    }

    public WebRtcTransport transport() {
        return transport;
    }

    public String mid() {
        return mid;
    }

    public long ssrc() {
        return ssrc;
    }

    public int clockRate() {
        return clockRate;
    }

    /** The producer it forwards now, or null. */
    public Producer producer() {
        return source;
    }

    public SendStatistics sendStatistics() {
        return sendStatistics;
    }

    void setSource(Producer producer) {
        source = producer;
    }

    /** Called by {@link Producer#onRtp} for each packet of the producer this consumer follows. */
    void forward(Producer producer, ByteBuf packet, long nowNanos) {
        int inSequence = RtpPacket.sequenceNumber(packet);
        long inTimestamp = RtpPacket.timestamp(packet);
        if (producer != lastForwarded) {
            rebase(producer, inSequence, inTimestamp, nowNanos);
        } else if (filteringStragglers && isBeforeEpoch(inSequence)) {
            return; // a straggler from before a switch back to this producer
        }
        int outSequence = (inSequence + sequenceDelta) & 0xFFFF;
        long outTimestamp = (inTimestamp + timestampDelta) & 0xFFFFFFFFL;
        if (send(packet, outSequence, outTimestamp, isEpochStart(outSequence), false, nowNanos)) {
            if (((outSequence - lastSequence) & 0xFFFF) < 0x8000) {
                lastSequence = outSequence;
                lastTimestamp = outTimestamp;
                lastSentNanos = nowNanos;
                if (((outSequence - epochFirstSequence) & 0xFFFF) >= STRAGGLER_WINDOW) {
                    filteringStragglers = false;
                }
            }
        }
    }

    /**
     * Resends packets the receiver reported lost (RFC 4585 §6.2.1), taken from the producer's
     * retransmission buffer. Sequence numbers from before the latest switch are not resent.
     */
    public void retransmit(int outSequence, long nowNanos) {
        Producer producer = lastForwarded;
        if (producer == null || producer.isClosed()) {
            return;
        }
        int sinceEpoch = (outSequence - epochFirstSequence) & 0xFFFF;
        int sinceLast = (lastSequence - outSequence) & 0xFFFF;
        if ((filteringStragglers && sinceEpoch >= 0x8000) || sinceLast >= 0x8000) {
            return;
        }
        int inSequence = (outSequence - sequenceDelta) & 0xFFFF;
        ByteBuf stored = transport.allocator().buffer(1500);
        try {
            if (producer.copyStored(inSequence, stored)) {
                long outTimestamp = (RtpPacket.timestamp(stored) + timestampDelta) & 0xFFFFFFFFL;
                if (send(stored, outSequence, outTimestamp, isEpochStart(outSequence), true, nowNanos)) {
                    transport.metrics().retransmissions.increment();
                }
            }
        } finally {
            stored.release();
        }
    }

    /** The first packet after a switch; a sequence number that merely wraps around to it is not. */
    private boolean isEpochStart(int outSequence) {
        return filteringStragglers && outSequence == epochFirstSequence;
    }

    private boolean isBeforeEpoch(int inSequence) {
        int outSequence = (inSequence + sequenceDelta) & 0xFFFF;
        return ((outSequence - epochFirstSequence) & 0xFFFF) >= 0x8000;
    }

    /**
     * Continues our numbering from the new producer's first packet: the next sequence number, and a
     * timestamp advanced by the wall-clock time since our last packet (at least one sample).
     */
    private void rebase(Producer producer, int inSequence, long inTimestamp, long nowNanos) {
        int nextSequence;
        long nextTimestamp;
        if (!started) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            nextSequence = random.nextInt(0x8000); // RFC 3550 §5.1: random initial values
            nextTimestamp = random.nextLong(0x1_0000_0000L);
            started = true;
        } else {
            long elapsed = Math.max(1, (nowNanos - lastSentNanos) * clockRate / 1_000_000_000L);
            nextSequence = (lastSequence + 1) & 0xFFFF;
            nextTimestamp = (lastTimestamp + elapsed) & 0xFFFFFFFFL;
        }
        sequenceDelta = (nextSequence - inSequence) & 0xFFFF;
        timestampDelta = (nextTimestamp - inTimestamp) & 0xFFFFFFFFL;
        epochFirstSequence = nextSequence;
        lastSequence = (nextSequence - 1) & 0xFFFF;
        lastTimestamp = nextTimestamp;
        lastSentNanos = nowNanos;
        lastForwarded = producer;
        filteringStragglers = true;
        buildExtensionIdMap(producer.extensionIds());
    }

    /**
     * Keeps the extensions whose meaning survives forwarding: the audio level (RFC 6464). mid is
     * dropped: the receiver demultiplexes us by the SSRC in our answer, and the producer's mid would
     * name the wrong m-line. Transport-wide sequence numbers and abs-send-time describe the
     * publisher's transport, not ours. Dropping them also keeps our copy of a packet a function of
     * the producer's packet alone, so a retransmission is byte-identical to the original (see
     * {@link org.parley.media.srtp.SrtpTransformer#protectRtpRetransmission}).
     */
    private void buildExtensionIdMap(RtpExtensionIds from) {
        Arrays.fill(extensionIdMap, (byte) 0);
        mapExtension(from.audioLevelId(), extensionIds.audioLevelId());
    }

    private void mapExtension(int fromId, int toId) {
        if (fromId > 0 && toId > 0) {
            extensionIdMap[fromId] = (byte) toId;
        }
    }

    /**
     * Writes our copy of a producer packet and hands it to the transport. The copy depends only on
     * the producer's packet and this consumer's rewriting state, never on the time of sending.
     * The first packet after a switch carries the marker bit: a new talk spurt for the receiver's
     * jitter buffer (RFC 3551 §4.1).
     */
    private boolean send(ByteBuf packet, int outSequence, long outTimestamp, boolean marker, boolean retransmission,
                         long nowNanos) {
        ByteBuf out = transport.allocator().directBuffer(packet.readableBytes() + OUTGOING_HEADROOM);
        if (HeaderExtensions.copyRemapped(packet, out, extensionIdMap) < 0) {
            out.release();
            transport.metrics().droppedMalformed.increment();
            return false;
        }
        RtpPacket.setSsrc(out, ssrc);
        RtpPacket.setSequenceNumber(out, outSequence);
        RtpPacket.setTimestamp(out, outTimestamp);
        RtpPacket.setPayloadType(out, payloadType);
        if (marker) {
            RtpPacket.setMarker(out, true);
        }
        if (retransmission) {
            return transport.sendRtpRetransmission(out);
        }
        sendStatistics.onPacketSent(outTimestamp, RtpPacket.payloadLength(out), nowNanos);
        return transport.sendRtp(out);
    }

    @Override
    public String toString() {
        return "Consumer[" + transport.id() + "/" + mid + ", ssrc=" + ssrc + "]";
    }
}
