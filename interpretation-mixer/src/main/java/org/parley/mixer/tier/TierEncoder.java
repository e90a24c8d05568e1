package org.parley.mixer.tier;

import org.parley.mixer.channel.Variant;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.tick.FrameFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tier of one channel variant: collects ticks into the tier's frame, encodes it and hands the
 * packet on. The Opus encoder exists only while the tier is {@linkplain #open() open}. Mixer thread only.
 */
final class TierEncoder {

    /**
     * Largest packet handed on: an RTP payload that still fits a 1280-byte IPv6 minimum MTU with
     * IP, UDP, RTP and SRTP headers. libopus lowers the bitrate of a frame to fit, if it must.
     */
    static final int MAX_PAYLOAD_BYTES = 1200;
    /** A packet this short carries no audio: libopus's DTX output (RFC 7587 §3.1.3), not sent. */
    private static final int DTX_PACKET_BYTES = 2;

    private static final Logger log = LoggerFactory.getLogger(TierEncoder.class);

    final Tier tier;
    private final short[] frame;
    private final byte[] packet = new byte[MAX_PAYLOAD_BYTES];
    private OpusEncoder encoder;
    private int filled;
    private long frameTimestamp;
    private int idleTicks;
    private boolean openFailureLogged;

    private long opened;
    private long closed;
    private long encodes;
    private long sent;
    private long suppressed;
    private long failures;

    TierEncoder(Tier tier) {
        this.tier = tier;
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
            created.setVbr(tier.vbr());
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
    void accept(short[] pcm, int samples, long timestamp48k, String language, Variant variant, EncodedFrameSink sink) {
        idleTicks = 0;
        if (filled == 0) {
            frameTimestamp = timestamp48k;
        }
        System.arraycopy(pcm, 0, frame, filled, samples);
        filled += samples;
        if (filled < frame.length) {
            return;
        }
        filled = 0;
        encodes++;
        int length;
        try {
            length = encoder.encode(frame, 0, frame.length, packet, 0, packet.length);
        } catch (OpusException e) {
            failures++;
            return;
        }
        if (length <= DTX_PACKET_BYTES) {
            suppressed++;
            return;
        }
        sent++;
        sink.onFrame(language, variant, tier, packet, length, frameTimestamp, frame.length);
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
