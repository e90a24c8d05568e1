package org.parley.media.router;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.parley.media.quality.StreamLoss;
import org.parley.media.rtp.ReceiveStatistics;
import org.parley.media.rtp.RetransmissionBuffer;
import org.parley.media.transport.RtpExtensionIds;
import org.parley.media.transport.WebRtcTransport;

/**
 * An incoming RTP stream: one SSRC on one m-line of one transport, or a stream the server makes
 * itself ({@link #local}: an interpretation channel fed through a {@link LocalRtpStream}). It fans
 * its packets out to the consumers connected to it and keeps the recent ones for retransmission on
 * NACK.
 *
 * <p>All methods but the getters run on the media event loop.
 */
public final class Producer {

    private static final Consumer[] NO_CONSUMERS = new Consumer[0];

    private final String id;
    private final WebRtcTransport transport;
    private final String mid;
    private final String kind;
    private final int payloadType;
    private final int clockRate;
    private final RtpExtensionIds extensionIds;
    private final byte[] midBytes;
    private ReceiveStatistics receiveStatistics;
    /** Its loss per reception report interval, for the transport's quality score; event loop only. */
    private final StreamLoss loss = new StreamLoss();
    /**
     * The recent packets, for consumers that negotiated NACK: 512 × 1500 B, so it is allocated only
     * when the first such consumer connects. A producer nobody receives with NACK (a microphone that
     * only feeds the mixer, a line published and never subscribed) keeps none. Written on the event
     * loop; volatile so that a reader elsewhere sees it whole.
     */
    private volatile RetransmissionBuffer retransmissionBuffer;
    private volatile long ssrc;
    /**
     * Copy-on-write: replaced, never mutated, on the event loop. Volatile so that a reader on
     * another thread ({@link #consumerCount}) sees a whole array; on the loop it costs a plain load.
     */
    private volatile Consumer[] consumers = NO_CONSUMERS;
    private long lastKeyframeRequestNanos;
    private volatile RtpTap tap;
    private volatile boolean muted;
    /** Event loop only: whether the last packet found the producer muted. */
    private boolean silenced;
    /** Event loop only: bumped when packets flow again after a mute, so consumers start a new epoch. */
    private int talkSpurt;
    private volatile boolean closed;

    public Producer(WebRtcTransport transport, String mid, String kind, long ssrc, int payloadType,
                    int clockRate, RtpExtensionIds extensionIds) {
        this(transport.id() + "/" + mid, transport, mid, kind, ssrc, payloadType, clockRate, extensionIds);
    }

    private Producer(String id, WebRtcTransport transport, String mid, String kind, long ssrc, int payloadType,
                     int clockRate, RtpExtensionIds extensionIds) {
        this.id = id;
        this.transport = transport;
        this.mid = mid;
        this.kind = kind;
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.clockRate = clockRate;
        this.extensionIds = extensionIds;
        this.midBytes = mid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.receiveStatistics = new ReceiveStatistics(ssrc);
    }

    /**
     * A producer of the server's own making, not tied to any transport: its packets come from
     * {@link LocalRtpStream} on the media event loop, carry no header extensions, and it has nobody
     * to ask for key frames. The caller registers it with {@link Router#addProducer}.
     *
     * @param id stable and unique among the router's producers, e.g. {@code channel/<meeting>/<lang>/...}
     */
    public static Producer local(String id, String kind, long ssrc, int payloadType, int clockRate) {
        return new Producer(id, null, id, kind, ssrc, payloadType, clockRate, RtpExtensionIds.NONE);
    }

    /** Stable id: {@code <transportId>/<mid>}, or the id given to {@link #local}. */
    public String id() {
        return id;
    }

    /** The transport's id, or null for a {@linkplain #local local} producer. */
    public String transportId() {
        return transport == null ? null : transport.id();
    }

    /** Whether this producer is of the server's own making ({@link #local}). */
    public boolean isLocal() {
        return transport == null;
    }

    /** The publisher's transport, or null for a {@linkplain #local local} producer. */
    public WebRtcTransport transport() {
        return transport;
    }

    public String mid() {
        return mid;
    }

    public String kind() {
        return kind;
    }

    /** The SSRC, or 0 until it is learnt from the first packet (when the SDP did not signal it). */
    public long ssrc() {
        return ssrc;
    }

    /** Learns the SSRC from the first packet whose mid extension names this m-line. Event loop only. */
    public void bindSsrc(long ssrc) {
        this.ssrc = ssrc;
        this.receiveStatistics = new ReceiveStatistics(ssrc);
    }

    /** The mid as ASCII bytes, to match the RFC 8843 mid header extension without allocating. */
    public byte[] midBytes() {
        return midBytes;
    }

    public int payloadType() {
        return payloadType;
    }

    public int clockRate() {
        return clockRate;
    }

    public RtpExtensionIds extensionIds() {
        return extensionIds;
    }

    public ReceiveStatistics receiveStatistics() {
        return receiveStatistics;
    }

    /** Its loss per interval of our reception reports (RTCP event loop only). */
    public StreamLoss loss() {
        return loss;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Number of consumers forwarding this producer now; callable from any thread. */
    public int consumerCount() {
        return consumers.length;
    }

    /**
     * Forwards one decrypted RTP packet to every consumer. The caller keeps ownership of
     * {@code packet}; consumers copy what they send. A {@linkplain #setMuted muted} producer only
     * counts the packet for its reception reports.
     */
    public void onRtp(ByteBuf packet, long nowNanos) {
        if (muted) {
            silenced = true;
            receiveStatistics.update(packet, nowNanos, clockRate);
            return;
        }
        if (silenced) {
            silenced = false;
            talkSpurt++;
        }
        RtpTap currentTap = tap;
        if (currentTap != null) {
            currentTap.onRtp(this, packet, nowNanos);
        }
        receiveStatistics.update(packet, nowNanos, clockRate);
        RetransmissionBuffer buffer = retransmissionBuffer;
        if (buffer != null) {
            buffer.put(packet);
        }
        Consumer[] targets = consumers;
        for (Consumer consumer : targets) {
            consumer.forward(this, packet, nowNanos);
        }
    }

    /**
     * Shows every packet to {@code tap} before it is forwarded (e.g. to the interpretation mixer),
     * replacing any previous tap; null removes it. Any thread: the next packet sees the change.
     */
    public void setTap(RtpTap tap) {
        this.tap = tap;
    }

    /**
     * Silences ({@code true}) or restores the producer without closing it: while muted its packets
     * reach neither its consumers nor its {@linkplain #setTap tap}, but are still counted for the
     * RTCP reception reports, so the publisher sees a healthy path. Consumers stay connected; the
     * first packet after the mute starts a new epoch for each of them, like a switch, so their
     * receivers see consecutive sequence numbers and no loss (RFC 3550 §5.1). Any thread: the next
     * packet sees the change.
     */
    public void setMuted(boolean muted) {
        this.muted = muted;
    }

    public boolean isMuted() {
        return muted;
    }

    /** Event loop only: changes each time packets flow again after a mute (see {@link Consumer#forward}). */
    int talkSpurt() {
        return talkSpurt;
    }

    /** Copies the stored packet with {@code sequenceNumber} into {@code dst}; false if gone. */
    boolean copyStored(int sequenceNumber, ByteBuf dst) {
        RetransmissionBuffer buffer = retransmissionBuffer;
        return buffer != null && buffer.copyTo(sequenceNumber, dst);
    }

    /** Whether it keeps packets for retransmission: a consumer that negotiated NACK has connected. */
    public boolean keepsRetransmissions() {
        return retransmissionBuffer != null;
    }

    /**
     * Asks the publisher for a key frame (PLI), at most once per {@code minIntervalNanos}: many
     * consumers asking at once must not flood the publisher (RFC 4585 §3.5.3 rate rules).
     */
    public boolean requestKeyFrame(long nowNanos, long minIntervalNanos) {
        if (nowNanos - lastKeyframeRequestNanos < minIntervalNanos && lastKeyframeRequestNanos != 0) {
            return false;
        }
        if (transport == null) {
            return false; // a local producer's audio needs no key frames
        }
        lastKeyframeRequestNanos = nowNanos;
        transport.sendPictureLossIndication(ssrc);
        return true;
    }

    void addConsumer(Consumer consumer) {
        Consumer[] current = consumers;
        for (Consumer c : current) {
            if (c == consumer) {
                return;
            }
        }
        if (consumer.nackNegotiated() && retransmissionBuffer == null) {
            // Kept until the producer closes: a receiver that comes and goes must not churn 768 KB.
            retransmissionBuffer = new RetransmissionBuffer();
        }
        Consumer[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = consumer;
        consumers = next;
    }

    void removeConsumer(Consumer consumer) {
        Consumer[] current = consumers;
        int n = current.length;
        for (int i = 0; i < n; i++) {
            if (current[i] == consumer) {
                Consumer[] next = new Consumer[n - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, n - i - 1);
                consumers = next;
                return;
            }
        }
    }

    Consumer[] consumers() {
        return consumers;
    }

    void markClosed() {
        closed = true;
        consumers = NO_CONSUMERS;
    }

    @Override
    public String toString() {
        return "Producer[" + id + ", ssrc=" + ssrc + "]";
    }
}
