package org.parley.media.router;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.parley.media.quality.StreamLoss;
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
    /**
     * How far behind our newest packet a late packet or a NACK may be: far beyond any reordering
     * or retransmission buffer, and under half the sequence space so that serial comparisons of
     * 16-bit numbers stay unambiguous however long one producer is forwarded.
     */
    private static final int ACCEPT_WINDOW = 1 << 14;

    private final WebRtcTransport transport;
    private final String mid;
    private final long ssrc;
    private final int payloadType;
    private final int clockRate;
    private final RtpExtensionIds extensionIds;
    /** Whether the receiver negotiated {@code a=rtcp-fb:<pt> nack} (RFC 4585 §4.2), so may ask for retransmissions. */
    private final boolean nackNegotiated;
    private final SendStatistics sendStatistics;
    /** Its loss per interval of the receiver's reports, for the transport's quality score; event loop only. */
    private final StreamLoss loss = new StreamLoss();
    /** Producer's extension id → ours (0 drops the element); rebuilt on each switch. */
    private final byte[] extensionIdMap = new byte[256];

    private volatile Producer source;
    private Producer lastForwarded;
    /** {@link Producer#talkSpurt} of {@link #lastForwarded} when we last rebased on it. */
    private int lastTalkSpurt;
    private boolean started;
    private int sequenceDelta;
    private long timestampDelta;
    private int lastSequence;
    private long lastTimestamp;
    private long lastSentNanos;
    /** Ours for the first packet after the latest switch (it carries the marker), -1 once long past. */
    private int epochFirstSequence;
    /** Our oldest sequence number still forwarded or resent: the epoch's first, or trailing the newest. */
    private int oldestSequence;

    /** A consumer whose receiver negotiated NACK. */
    public Consumer(WebRtcTransport transport, String mid, long ssrc, int payloadType, int clockRate,
                    RtpExtensionIds extensionIds) {
        this(transport, mid, ssrc, payloadType, clockRate, extensionIds, true);
    }

    /** @param nackNegotiated whether the answer carries {@code nack} feedback for the payload type */
    public Consumer(WebRtcTransport transport, String mid, long ssrc, int payloadType, int clockRate,
                    RtpExtensionIds extensionIds, boolean nackNegotiated) {
        this.nackNegotiated = nackNegotiated;
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

    public boolean nackNegotiated() {
        return nackNegotiated;
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

    /** Its loss per interval of the receiver's reception reports (RTCP event loop only). */
    public StreamLoss loss() {
        return loss;
    }

    /**
     * Every change of source starts a new epoch, even back to the same producer after a disconnect
     * (or after the producer was {@linkplain Producer#setMuted muted}):
     * packets we did not forward must not use up our sequence numbers (RFC 3550 §5.1), or the
     * receiver would count them lost and NACK packets we never sent.
     */
    void setSource(Producer producer) {
        source = producer;
        lastForwarded = null;
    }

    /** Called by {@link Producer#onRtp} for each packet of the producer this consumer follows. */
    void forward(Producer producer, ByteBuf packet, long nowNanos) {
        int inSequence = RtpPacket.sequenceNumber(packet);
        long inTimestamp = RtpPacket.timestamp(packet);
        if (producer != lastForwarded || producer.talkSpurt() != lastTalkSpurt) {
            rebase(producer, inSequence, inTimestamp, nowNanos);
        }
        int outSequence = (inSequence + sequenceDelta) & 0xFFFF;
        if (isTooOld(outSequence)) {
            return; // a straggler from before a switch back to this producer
        }
        long outTimestamp = (inTimestamp + timestampDelta) & 0xFFFFFFFFL;
        if (send(packet, outSequence, outTimestamp, outSequence == epochFirstSequence, false, nowNanos)) {
            if (((outSequence - lastSequence) & 0xFFFF) < 0x8000) {
                lastSequence = outSequence;
                lastTimestamp = outTimestamp;
                lastSentNanos = nowNanos;
                slideAcceptWindow();
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
        int sinceLast = (lastSequence - outSequence) & 0xFFFF;
        if (isTooOld(outSequence) || sinceLast >= 0x8000) {
            return;
        }
        int inSequence = (outSequence - sequenceDelta) & 0xFFFF;
        ByteBuf stored = transport.allocator().buffer(1500);
        try {
            if (producer.copyStored(inSequence, stored)) {
                long outTimestamp = (RtpPacket.timestamp(stored) + timestampDelta) & 0xFFFFFFFFL;
                if (send(stored, outSequence, outTimestamp, outSequence == epochFirstSequence, true, nowNanos)) {
                    transport.metrics().retransmissions.increment();
                }
            }
        } finally {
            stored.release();
        }
    }

    /** Whether our {@code outSequence} precedes the oldest we accept (serial order, RFC 1982). */
    private boolean isTooOld(int outSequence) {
        return ((outSequence - oldestSequence) & 0xFFFF) >= 0x8000;
    }

    private void slideAcceptWindow() {
        if (((lastSequence - oldestSequence) & 0xFFFF) > ACCEPT_WINDOW) {
            oldestSequence = (lastSequence - ACCEPT_WINDOW) & 0xFFFF;
            epochFirstSequence = -1; // so that no later packet gets the marker when the numbers wrap
        }
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
        oldestSequence = nextSequence;
        lastSequence = (nextSequence - 1) & 0xFFFF;
        lastTimestamp = nextTimestamp;
        lastSentNanos = nowNanos;
        lastForwarded = producer;
        lastTalkSpurt = producer.talkSpurt();
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
        int payloadLength = RtpPacket.payloadLength(out);
        if (!transport.sendRtp(out)) {
            return false; // e.g. DTLS not done yet: nothing transmitted for our SR to count (RFC 3550 §6.4.1)
        }
        sendStatistics.onPacketSent(outTimestamp, payloadLength, nowNanos);
        return true;
    }

    @Override
    public String toString() {
        return "Consumer[" + transport.id() + "/" + mid + ", ssrc=" + ssrc + "]";
    }
}
