package org.parley.signaling.sip.media;

import io.netty.buffer.ByteBuf;
import org.parley.media.router.LocalRtpStream;
import org.parley.media.router.RtpInjector;
import org.parley.media.rtp.RtpPacket;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.Bandwidth;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.Signal;
import org.parley.mixer.tick.FrameFormat;

/**
 * Room system → meeting: G.711 RTP payloads decoded, brought up to 48 kHz, cut into 20 ms frames,
 * Opus-encoded (VoIP, {@value #BITRATE} bit/s, in-band FEC, RFC 6716) and handed to the media
 * event loop as packets of the call's {@linkplain org.parley.media.router.Producer#local local
 * producer}, where the mixer's tap and the SFU's consumers take them like any publisher's.
 *
 * <p>The 48 kHz timeline follows the room system's RTP timestamps: a gap in them (loss, or a
 * silence without packets) is a gap in the producer's timestamps too, so the mixer's jitter buffer
 * conceals it and the packet after it carries the marker bit.
 *
 * <p>Call event loop only; nothing is allocated per packet (the injector copies into a pooled buffer).
 */
final class VoiceUplink implements AutoCloseable {

    static final int BITRATE = 32_000;
    /** 20 ms at 48 kHz. */
    private static final int FRAME_SAMPLES = 960;
    /** The largest G.711 payload taken: 160 ms. Longer is no sensible packetization (RFC 3551 §4.2). */
    static final int MAX_PAYLOAD_BYTES = 1280;
    /** RFC 6716 §3.4 R2: no Opus packet is longer. */
    private static final int MAX_OPUS_BYTES = 1275;
    private static final int EXPECTED_LOSS_PERCENT = 10;

    private final CallCodec codec;
    private final LocalRtpStream stream;
    private final RtpInjector injector;
    private final OpusEncoder encoder;
    private final Interpolator interpolator = new Interpolator();
    private final short[] pcm8 = new short[MAX_PAYLOAD_BYTES];
    private final short[] pcm48 = new short[MAX_PAYLOAD_BYTES * TelephoneBandFilter.FACTOR];
    private final short[] frame = new short[FRAME_SAMPLES];
    private final byte[] encoded = new byte[MAX_OPUS_BYTES];
    private int filled;
    private long frameTimestamp;
    /** The room system's next RTP timestamp, or -1 before its first packet. */
    private long expectedRemoteTimestamp = -1;

    VoiceUplink(CallCodec codec, LocalRtpStream stream, RtpInjector injector) {
        this.codec = codec;
        this.stream = stream;
        this.injector = injector;
        this.encoder = OpusEncoder.create(FrameFormat.SAMPLE_RATE, 1, Application.VOIP);
        encoder.setBitrate(BITRATE);
        encoder.setInbandFec(true);
        encoder.setPacketLossPercent(EXPECTED_LOSS_PERCENT);
        encoder.setSignal(Signal.VOICE);
        // G.711 carries nothing above 4 kHz: wideband leaves the encoder room without wasting bits.
        encoder.setMaxBandwidth(Bandwidth.WIDEBAND);
    }

    /**
     * Takes one valid RTP packet of the negotiated payload type from the room system; the caller
     * keeps it.
     *
     * @return false if it was dropped: a duplicate or late packet, an empty or oversized payload
     */
    boolean receive(ByteBuf packet) {
        int offset = RtpPacket.payloadOffset(packet);
        int length = RtpPacket.payloadLength(packet);
        if (offset < 0 || length <= 0 || length > MAX_PAYLOAD_BYTES) {
            return false;
        }
        long remoteTimestamp = RtpPacket.timestamp(packet);
        if (expectedRemoteTimestamp >= 0) {
            int ahead = (int) (remoteTimestamp - expectedRemoteTimestamp); // RFC 3550 §5.1: modulo 2^32
            if (ahead < 0) {
                return false; // duplicate or reordered: its time has been played already
            }
            frameTimestamp += (long) ahead * TelephoneBandFilter.FACTOR;
        }
        expectedRemoteTimestamp = (remoteTimestamp + length) & 0xFFFF_FFFFL;

        int start = packet.readerIndex() + offset;
        for (int i = 0; i < length; i++) {
            pcm8[i] = codec.decode(packet.getUnsignedByte(start + i));
        }
        int samples = interpolator.process(pcm8, 0, length, pcm48, 0);
        for (int taken = 0; taken < samples; ) {
            int chunk = Math.min(samples - taken, FRAME_SAMPLES - filled);
            System.arraycopy(pcm48, taken, frame, filled, chunk);
            filled += chunk;
            taken += chunk;
            if (filled == FRAME_SAMPLES) {
                encodeFrame();
                filled = 0;
            }
        }
        return true;
    }

    private void encodeFrame() {
        try {
            int bytes = encoder.encode(frame, 0, FRAME_SAMPLES, encoded, 0, MAX_OPUS_BYTES);
            injector.offer(stream, encoded, bytes, frameTimestamp, FRAME_SAMPLES);
        } catch (OpusException e) {
            // libopus refuses nothing a valid frame holds; should it, the frame is a lost one
        }
        frameTimestamp += FRAME_SAMPLES;
    }

    /** Frees the encoder; call on the call loop after the last {@link #receive}. */
    @Override
    public void close() {
        encoder.close();
    }
}
