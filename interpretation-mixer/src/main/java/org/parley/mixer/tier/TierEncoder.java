package org.parley.mixer.tier;

import java.util.Arrays;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.OpusPacket;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.tick.FrameFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tier of one channel variant (a <em>lane</em>): collects ticks into the tier's frame, encodes
 * it (or takes an identical lane's packet, see {@link SharedEncoding}) and hands the packet on.
 * The Opus encoder exists only while the tier is {@linkplain #open() open}. Mixer thread only.
 */
final class TierEncoder {

    /**
     * Largest packet handed on: an RTP payload that still fits a 1280-byte IPv6 minimum MTU with
     * IP, UDP, RTP and SRTP headers. libopus lowers the bitrate of a frame to fit, if it must.
     */
    static final int MAX_PAYLOAD_BYTES = 1200;
    /**
     * A packet this short carries no audio: libopus's DTX output (RFC 7587 §3.1.3), not sent; nor is
     * a longer one whose frames are all empty (DTX in a multi-frame CBR packet, padded to the rate).
     */
    private static final int DTX_PACKET_BYTES = 2;

    /** State id of a freshly opened encoder: all of a tier's fresh encoders are identical. */
    static final long FRESH_STATE = 0;
    /** State id of an encoder no other lane shares (outside {@link SharedEncoding}). */
    static final long UNIQUE_STATE = -1;

    private static final Logger log = LoggerFactory.getLogger(TierEncoder.class);

    final Tier tier;
    private final String language;
    private final Variant variant;
    private final EncodedFrameSink sink;
    private final short[] frame;
    private final byte[] packet = new byte[MAX_PAYLOAD_BYTES];
    private OpusEncoder encoder;
    private int filled;
    private long frameTimestamp;
    /** The first sample of the last frame this lane completed, or -1. */
    private long completedTimestamp = -1;
    private int packetLength;
    private long stateId;
    private long encodedFrom;
    /** Consecutive frames that equalled another lane's, counted by {@link SharedEncoding}. */
    int equalRun;
    private int idleTicks;
    private boolean openFailureLogged;

    private long opened;
    private long closed;
    private long encodes;
    private long shared;
    private long relayed;
    private long sent;
    private long suppressed;
    private long failures;

    TierEncoder(Tier tier, String language, Variant variant, EncodedFrameSink sink) {
        this.tier = tier;
        this.language = language;
        this.variant = variant;
        this.sink = sink;
        this.frame = new short[tier.frameSamples48k()];
    }

    boolean isOpen() {
        return encoder != null;
    }

    /** Creates and configures the Opus encoder; false (logged once) if libopus refuses. */
    boolean open() {
        OpusEncoder created = null;
        try {
            created = OpusEncoder.create(FrameFormat.SAMPLE_RATE, 1, tier.application());
            created.setBitrate(tier.bitrate());
            created.setRateMode(tier.rateMode());
            created.setBandwidth(tier.bandwidth());
            created.setComplexity(tier.complexity());
            created.setInbandFec(tier.fec());
            created.setPacketLossPercent(tier.expectedLossPercent());
            created.setDtx(tier.dtx());
        } catch (RuntimeException e) {
            if (created != null) {
                created.close();
            }
            failures++;
            if (!openFailureLogged) {
                openFailureLogged = true;
                log.warn("cannot create the Opus encoder of tier {}", tier.name(), e);
            }
            return false;
        }
        encoder = created;
        stateId = FRESH_STATE;
        equalRun = 0;
        filled = 0;
        idleTicks = 0;
        opened++;
        return true;
    }

    /**
     * Adds one tick of PCM; when the tier's frame is full, encodes it and hands it to {@code sink}.
     *
     * @param timestamp48k the tick's first sample on the meeting's 48 kHz timeline
     */
    void accept(short[] pcm, int samples, long timestamp48k) {
        if (collect(pcm, samples, timestamp48k)) {
            encodeOwn(UNIQUE_STATE);
        }
    }

    /**
     * Adds one tick of PCM to the frame. A frame starts only on a multiple of the tier's frame
     * duration on the meeting timeline, so every lane of a tier completes its frames on the same
     * ticks and {@link SharedEncoding} can compare them (a new listener waits at most one frame).
     *
     * @return whether the frame is now full and must be encoded ({@link #encodeOwn} or {@link #follow})
     */
    boolean collect(short[] pcm, int samples, long timestamp48k) {
        idleTicks = 0;
        if (filled == 0) {
            if (timestamp48k % frame.length != 0) {
                return false;
            }
            frameTimestamp = timestamp48k;
        }
        System.arraycopy(pcm, 0, frame, filled, samples);
        filled += samples;
        if (filled < frame.length) {
            return false;
        }
        filled = 0;
        completedTimestamp = frameTimestamp;
        return true;
    }

    /** Whether this lane completed the frame that starts at {@code timestamp48k} (collected, to be sent). */
    boolean completed(long timestamp48k) {
        return completedTimestamp == timestamp48k;
    }

    /** The first sample of the frame being collected or last completed. */
    long frameTimestamp() {
        return frameTimestamp;
    }

    /**
     * Sends {@code source}'s packet (of the same frame, with identical samples) as this lane's,
     * without encoding: a mix-minus that equals its ordinary stream. Call after {@code source} encoded.
     */
    void relay(TierEncoder source) {
        relayed++;
        packetLength = source.packetLength;
        if (packetLength < 0) {
            failures++;
            return;
        }
        send(source.packet);
    }

    /** Takes {@code source}'s encoder state (both open): this lane continues the stream {@code source} sent. */
    void continueFrom(TierEncoder source) {
        encoder.copyStateFrom(source.encoder);
    }

    /**
     * Encodes the full frame with this lane's own encoder and hands the packet on.
     *
     * @param newStateId what identifies the encoder state this encode leaves behind
     */
    void encodeOwn(long newStateId) {
        encodes++;
        encodedFrom = stateId;
        stateId = newStateId;
        try {
            packetLength = encoder.encode(frame, 0, frame.length, packet, 0, packet.length);
        } catch (OpusException e) {
            failures++;
            packetLength = -1;
            return;
        }
        send(packet);
    }

    /**
     * Takes {@code leader}'s packet for this lane's identical frame instead of encoding it, and
     * {@code leader}'s encoder state with it, so that this lane's next own encode continues the
     * stream its listeners decoded.
     */
    void follow(TierEncoder leader) {
        shared++;
        encoder.copyStateFrom(leader.encoder);
        stateId = leader.stateId;
        packetLength = leader.packetLength;
        if (packetLength < 0) {
            failures++;
            return;
        }
        send(leader.packet);
    }

    private void send(byte[] data) {
        if (packetLength <= DTX_PACKET_BYTES || OpusPacket.codedBytes(data, 0, packetLength) == 0) {
            suppressed++;
            return;
        }
        sent++;
        sink.onFrame(language, variant, tier, data, packetLength, frameTimestamp, frame.length);
    }

    /** Whether this lane's full frame holds the same samples as {@code other}'s. */
    boolean sameFrame(TierEncoder other) {
        return Arrays.equals(frame, other.frame);
    }

    /** Identifies this lane's encoder state: lanes with equal ids have identical encoders. */
    long stateId() {
        return stateId;
    }

    /** The {@link #stateId()} this lane's encoder had before its last own encode. */
    long encodedFrom() {
        return encodedFrom;
    }

    /**
     * A tick without listeners: a partly filled frame is dropped (the next listener starts on a
     * fresh frame) and the encoder is closed once idle for {@code graceTicks}.
     */
    void idle(int graceTicks) {
        filled = 0;
        if (++idleTicks >= graceTicks) {
            close();
        }
    }

    void close() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
            closed++;
        }
    }

    long opened() {
        return opened;
    }

    long closed() {
        return closed;
    }

    long encodes() {
        return encodes;
    }

    long shared() {
        return shared;
    }

    long relayed() {
        return relayed;
    }

    long sent() {
        return sent;
    }

    long suppressed() {
        return suppressed;
    }

    long failures() {
        return failures;
    }
}
