package org.parley.mixer.pipeline;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.media.rtp.AudioLevel;
import org.parley.media.rtp.RtpPacket;
import org.parley.mixer.channel.SourceFrame;
import org.parley.mixer.jitter.JitterBuffer;
import org.parley.mixer.tick.MeetingMix;

/**
 * One decoded source of a meeting (a floor speaker's or an interpreter's microphone), as the
 * network side sees it: the place to put its RTP packets.
 *
 * <p>{@link #offer} and {@link #offerRtp} may be called from any thread (typically the event loop
 * that received the packet) and copy the payload into a preallocated {@code PacketHandoff}; they
 * never block and never allocate. On each tick the mixer thread moves the packets into the
 * source's {@link JitterBuffer}, and pulls a frame from it only when the mix needs the source.
 */
public final class SourceInput {

    /** Packets the handoff holds between two ticks: 32 × 20 ms, far more than arrive in one tick. */
    static final int HANDOFF_SLOTS = 32;

    private final String id;
    private final PacketHandoff handoff = new PacketHandoff(HANDOFF_SLOTS);
    private final JitterBuffer jitterBuffer;
    private final short[] pcm;
    private int audioLevel = SourceFrame.NO_AUDIO_LEVEL;
    private final AtomicLong rejected = new AtomicLong();
    private volatile long framesPulled;

    SourceInput(String id, JitterBuffer jitterBuffer) {
        this.id = id;
        this.jitterBuffer = jitterBuffer;
        this.pcm = new short[jitterBuffer.frameSamples()];
    }

    /** The source id the mix knows this source by. */
    public String id() {
        return id;
    }

    /**
     * Hands over one RTP payload (RFC 7587: one Opus packet). Any thread; the payload is copied.
     *
     * @param ssrc           RTP SSRC; a change restarts the jitter buffer
     * @param sequenceNumber RTP sequence number (16 bits)
     * @param rtpTimestamp   RTP timestamp at 48 kHz (32 bits)
     * @param marker         RTP marker bit (first packet of a talkspurt)
     * @param audioLevel     RFC 6464 level (0..127, i.e. 0..-127 dBov) or -1 when absent
     * @param arrivalNanos   arrival time on the {@link System#nanoTime()} scale
     * @return false if the packet was dropped: handoff full (the mixer is behind) or larger than
     *     an MTU
     * @throws IndexOutOfBoundsException if {@code off}/{@code len} lie outside {@code payload}
     */
    public boolean offer(long ssrc, int sequenceNumber, long rtpTimestamp, boolean marker, int audioLevel,
                         long arrivalNanos, byte[] payload, int off, int len) {
        Objects.checkFromIndexSize(off, len, payload.length);
        if (handoff.offer(ssrc, sequenceNumber, rtpTimestamp, marker, audioLevel, arrivalNanos, payload, off, len)) {
            return true;
        }
        rejected.incrementAndGet();
        return false;
    }

    /**
     * Hands over a whole decrypted RTP packet, as the media core's producers see it. The bytes
     * between {@code readerIndex} and {@code writerIndex} are read; the buffer's indices are left
     * unchanged and it is neither retained nor released: the caller keeps ownership.
     *
     * @param audioLevelExtensionId the negotiated id of the RFC 6464 header extension, or -1
     * @return false if the packet is malformed, too large or the handoff is full
     */
    public boolean offerRtp(ByteBuf packet, int audioLevelExtensionId, long arrivalNanos) {
        int headerLength = RtpPacket.payloadOffset(packet);
        int length = RtpPacket.payloadLength(packet);
        if (headerLength < 0 || length <= 0 || length > PacketHandoff.MAX_PAYLOAD_BYTES) {
            rejected.incrementAndGet();
            return false;
        }
        int slot = handoff.claim();
        if (slot < 0) {
            rejected.incrementAndGet();
            return false;
        }
        packet.getBytes(packet.readerIndex() + headerLength, handoff.payloadOf(slot), 0, length);
        int level = SourceFrame.NO_AUDIO_LEVEL;
        if (audioLevelExtensionId > 0) {
            int raw = AudioLevel.read(packet, audioLevelExtensionId);
            level = raw < 0 ? SourceFrame.NO_AUDIO_LEVEL : AudioLevel.level(raw);
        }
        handoff.publish(slot, RtpPacket.ssrc(packet), RtpPacket.sequenceNumber(packet), RtpPacket.timestamp(packet),
                RtpPacket.marker(packet), level, arrivalNanos, length);
        return true;
    }

    /** Packets dropped by {@code offer}/{@code offerRtp}: handoff full, too large or malformed. */
    public long rejected() {
        return rejected.get();
    }

    /** Frames pulled from the jitter buffer (decoded, recovered or concealed) because the mix needed them. */
    public long framesPulled() {
        return framesPulled;
    }

    /**
     * The source's jitter buffer, for its counters (late, lost, recovered, concealed, depth). Its
     * other methods belong to the mixer thread.
     */
    public JitterBuffer jitterBuffer() {
        return jitterBuffer;
    }

    /** Mixer thread: moves every handed-over packet into the jitter buffer. */
    void drain() {
        for (int slot = handoff.peek(); slot >= 0; slot = handoff.peek()) {
            jitterBuffer.insert(handoff.ssrc(slot), handoff.sequenceNumber(slot), handoff.timestamp(slot),
                    handoff.marker(slot), handoff.payload(slot), 0, handoff.length(slot), handoff.arrivalNanos(slot));
            audioLevel = handoff.audioLevel(slot); // the newest packet's level stands for the frame
            handoff.release(slot);
        }
    }

    /** Mixer thread: plays one frame out of the jitter buffer into the mix; {@code nowNanos} is the tick's time. */
    void pullInto(MeetingMix mix, long nowNanos) {
        jitterBuffer.pull(pcm, 0, nowNanos);
        framesPulled++;
        mix.offer(id, pcm, audioLevel);
    }

    /** Mixer thread: frees the decoder. */
    void close() {
        jitterBuffer.close();
    }
}
