package org.parley.mixer.opus;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One libopus decoder (RFC 6716 §4) turning Opus packets into 16-bit PCM, including packet loss
 * concealment and recovery of a lost frame from the next packet's in-band FEC.
 *
 * <p>The decoder state, a packet scratch buffer of {@value #MAX_PACKET_BYTES} bytes and a PCM
 * scratch buffer for the longest packet (120 ms) live in native memory owned by this object and are
 * freed by {@link #close()}. Decoding allocates nothing on the Java heap.
 *
 * <p>Not thread-safe: one thread at a time (see {@link OpusEncoder} for why the arena is shared).
 */
public final class OpusDecoder implements AutoCloseable {

    /** Largest packet {@link #decode} accepts. */
    public static final int MAX_PACKET_BYTES = 4000;

    private static final int GET_BANDWIDTH = 4009;
    private static final int RESET_STATE = 4028;
    private static final int GET_FINAL_RANGE = 4031;
    private static final int GET_LAST_PACKET_DURATION = 4039;

    private final OpusLibrary opus;
    private final OpusState state;
    private final MemorySegment packet;
    private final MemorySegment pcm;
    private final int sampleRate;
    private final int channels;
    private final int maxFrameSize;

    private OpusDecoder(OpusLibrary opus, int sampleRate, int channels) {
        this.opus = opus;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.maxFrameSize = OpusFrames.maxDecodeSamples(sampleRate);
        this.state = OpusState.create(OpusState.Kind.DECODER, opus, opus.decoderGetSize, channels,
                decoder -> (int) opus.decoderInit.invokeExact(decoder, sampleRate, channels));
        packet = state.allocate(MAX_PACKET_BYTES);
        pcm = state.allocate(JAVA_SHORT, (long) maxFrameSize * channels);
    }

    /**
     * Creates a decoder on the system libopus.
     *
     * @param sampleRate output sample rate: 8000, 12000, 16000, 24000 or 48000 Hz, whatever the
     *     packets' bandwidth
     * @param channels 1 or 2 (interleaved output)
     * @throws IllegalArgumentException for an unsupported rate or channel count
     * @throws OpusUnavailableException if libopus is not installed
     */
    public static OpusDecoder create(int sampleRate, int channels) {
        return create(OpusLibrary.get(), sampleRate, channels);
    }

    /** Creates a decoder on the given library; see {@link #create(int, int)}. */
    public static OpusDecoder create(OpusLibrary opus, int sampleRate, int channels) {
        OpusFrames.checkSampleRate(sampleRate);
        OpusFrames.checkChannels(channels);
        return new OpusDecoder(opus, sampleRate, channels);
    }

    /**
     * Decodes one packet, conceals a lost one, or recovers a lost one from its successor's FEC.
     *
     * <ul>
     *   <li>{@code packet != null, decodeFec == false}: normal decoding; {@code frameSize} must be at
     *       least the packet's duration.
     *   <li>{@code packet == null}: packet loss concealment for {@code frameSize} samples
     *       (RFC 6716 §4.4); {@code off}, {@code len} and {@code decodeFec} are ignored.
     *   <li>{@code packet != null, decodeFec == true}: {@code packet} is the one <em>after</em> the
     *       lost one; its LBRR data rebuilds the lost frame (RFC 6716 §2.1.7). {@code frameSize} must
     *       be the lost frame's duration. Without LBRR data libopus falls back to concealment.
     * </ul>
     *
     * @param frameSize samples per channel to produce (a multiple of 2.5 ms, at most 120 ms)
     * @return samples per channel written to {@code pcm}
     * @throws OpusException if the packet is corrupt or {@code frameSize} too small for it
     * @throws IllegalStateException after {@link #close()}
     */
    public int decode(byte[] packet, int off, int len, short[] pcm, int pcmOffset, int frameSize, boolean decodeFec)
            throws OpusException {
        MemorySegment decoder = state.pointer();
        if (frameSize <= 0 || frameSize > maxFrameSize) {
            throw new IllegalArgumentException("frameSize out of range 1.." + maxFrameSize + ": " + frameSize);
        }
        Objects.checkFromIndexSize(pcmOffset, frameSize * channels, pcm.length);
        MemorySegment data;
        int dataLength;
        if (packet == null) {
            data = MemorySegment.NULL;
            dataLength = 0;
        } else {
            Objects.checkFromIndexSize(off, len, packet.length);
            if (len > MAX_PACKET_BYTES) {
                throw new OpusException(OpusException.INVALID_PACKET,
                        "packet of " + len + " bytes exceeds " + MAX_PACKET_BYTES);
            }
            MemorySegment.copy(packet, off, this.packet, JAVA_BYTE, 0, len);
            data = this.packet;
            dataLength = len;
        }
        int result;
        try {
            result = (int) opus.decode.invokeExact(decoder, data, dataLength, this.pcm, frameSize, decodeFec ? 1 : 0);
        } catch (Throwable t) {
            throw new IllegalStateException("opus_decode failed", t);
        }
        if (result < 0) {
            throw opus.exception(result);
        }
        MemorySegment.copy(this.pcm, JAVA_SHORT, 0, pcm, pcmOffset, result * channels);
        return result;
    }

    /** Packet loss concealment for one frame: {@code decode(null, 0, 0, pcm, pcmOffset, frameSize, false)}. */
    public int conceal(short[] pcm, int pcmOffset, int frameSize) throws OpusException {
        return decode(null, 0, 0, pcm, pcmOffset, frameSize, false);
    }

    /** Range coder state after the last decoded packet; equals the encoder's for the same packet. */
    public int finalRange() {
        return get(GET_FINAL_RANGE);
    }

    /** Duration in samples per channel of the last packet decoded or concealed. */
    public int lastPacketDuration() {
        return get(GET_LAST_PACKET_DURATION);
    }

    /** Bandwidth of the last decoded packet. */
    public Bandwidth bandwidth() {
        return Bandwidth.ofNative(get(GET_BANDWIDTH));
    }

    /** Forgets all history, as a new stream (e.g. a new SSRC) requires. */
    public void reset() {
        int result = state.ctl(opus.decoderCtlNoArg, RESET_STATE);
        if (result != 0) {
            throw new IllegalStateException("OPUS_RESET_STATE: " + opus.errorText(result));
        }
    }

    /** Output sample rate in Hz. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Number of interleaved output channels. */
    public int channels() {
        return channels;
    }

    /** Frees the native state; later calls are no-ops. */
    @Override
    public void close() {
        state.close();
    }

    private int get(int request) {
        int result = state.ctlGet(opus.decoderCtlPointer, request);
        if (result != 0) {
            throw new IllegalStateException("opus_decoder_ctl(" + request + "): " + opus.errorText(result));
        }
        return state.ctlValue();
    }
}
