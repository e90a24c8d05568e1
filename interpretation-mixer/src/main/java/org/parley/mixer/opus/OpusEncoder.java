package org.parley.mixer.opus;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One libopus encoder (RFC 6716) turning 16-bit PCM frames into Opus packets.
 *
 * <p>The encoder state, a PCM scratch buffer for the longest packet (120 ms) and a packet scratch
 * buffer of {@value #MAX_PACKET_BYTES} bytes live in native memory owned by this object and are freed
 * by {@link #close()}. {@link #encode} copies the caller's samples into the scratch buffer, calls
 * {@code opus_encode} and copies the packet out: it allocates nothing on the Java heap.
 *
 * <p>Not thread-safe: one thread at a time. The memory is in a shared arena rather than a confined
 * one so that the control plane can create an encoder and hand it to the mixer thread; closing it
 * while another thread is inside {@code encode} fails with {@link IllegalStateException} instead of
 * freeing memory under libopus.
 */
public final class OpusEncoder implements AutoCloseable {

    /** Largest packet {@link #encode} produces; libopus recommends 4000 bytes as a safe upper bound. */
    public static final int MAX_PACKET_BYTES = 4000;

    private static final int OPUS_AUTO = -1000;
    private static final int SET_BITRATE = 4002;
    private static final int GET_BITRATE = 4003;
    private static final int SET_MAX_BANDWIDTH = 4004;
    private static final int SET_VBR = 4006;
    private static final int SET_BANDWIDTH = 4008;
    private static final int SET_COMPLEXITY = 4010;
    private static final int GET_COMPLEXITY = 4011;
    private static final int SET_INBAND_FEC = 4012;
    private static final int SET_PACKET_LOSS_PERC = 4014;
    private static final int SET_DTX = 4016;
    private static final int SET_VBR_CONSTRAINT = 4020;
    private static final int SET_SIGNAL = 4024;
    private static final int GET_LOOKAHEAD = 4027;
    private static final int RESET_STATE = 4028;
    private static final int GET_FINAL_RANGE = 4031;

    private final OpusLibrary opus;
    private final OpusState state;
    private final MemorySegment pcm;
    private final MemorySegment packet;
    private final int sampleRate;
    private final int channels;

    private OpusEncoder(OpusLibrary opus, int sampleRate, int channels, Application application) {
        this.opus = opus;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.state = OpusState.create(OpusState.Kind.ENCODER, opus, opus.encoderGetSize, channels,
                encoder -> (int) opus.encoderInit.invokeExact(encoder, sampleRate, channels, application.nativeValue));
        pcm = state.allocate(JAVA_SHORT, (long) OpusFrames.maxFrameSamples(sampleRate) * channels);
        packet = state.allocate(MAX_PACKET_BYTES);
    }

    /**
     * Creates an encoder on the system libopus.
     *
     * @param sampleRate input sample rate: 8000, 12000, 16000, 24000 or 48000 Hz
     * @param channels 1 or 2 (interleaved)
     * @throws IllegalArgumentException for an unsupported rate or channel count
     * @throws OpusUnavailableException if libopus is not installed
     */
    public static OpusEncoder create(int sampleRate, int channels, Application application) {
        return create(OpusLibrary.get(), sampleRate, channels, application);
    }

    /** Creates an encoder on the given library; see {@link #create(int, int, Application)}. */
    public static OpusEncoder create(OpusLibrary opus, int sampleRate, int channels, Application application) {
        OpusFrames.checkSampleRate(sampleRate);
        OpusFrames.checkChannels(channels);
        return new OpusEncoder(opus, sampleRate, channels, Objects.requireNonNull(application, "application"));
    }

    /**
     * Encodes one frame.
     *
     * @param pcm interleaved 16-bit samples
     * @param pcmOffset index of the first sample in {@code pcm}
     * @param frameSamplesPerChannel packet duration: 2.5, 5, 10, 20, 40 or 60 ms at the encoder's rate
     *     make one Opus frame; 80, 100 and 120 ms make a packet of several frames (libopus 1.3:
     *     two 40 ms, five 20 ms or two 60 ms frames in the speech mode, 20 ms frames otherwise)
     * @param out receives the packet
     * @param outOffset index in {@code out} of the packet's first byte
     * @param maxBytes most bytes the packet may take (capped at {@value #MAX_PACKET_BYTES}); this also
     *     caps the bitrate for this frame
     * @return the packet length in bytes; 1 or 2 bytes means "nothing to transmit" under DTX
     * @throws OpusException if libopus rejects the frame
     * @throws IllegalArgumentException if the frame length is not an Opus frame length
     * @throws IllegalStateException after {@link #close()}
     */
    public int encode(short[] pcm, int pcmOffset, int frameSamplesPerChannel, byte[] out, int outOffset, int maxBytes)
            throws OpusException {
        MemorySegment encoder = state.pointer();
        if (!OpusFrames.isFrameSize(sampleRate, frameSamplesPerChannel)) {
            throw new IllegalArgumentException(frameSamplesPerChannel + " samples at " + sampleRate
                    + " Hz is not an Opus packet duration (2.5, 5, 10, 20, 40, 60, 80, 100 or 120 ms)");
        }
        int samples = frameSamplesPerChannel * channels;
        Objects.checkFromIndexSize(pcmOffset, samples, pcm.length);
        Objects.checkFromToIndex(outOffset, out.length, out.length);
        int capacity = Math.min(Math.min(maxBytes, MAX_PACKET_BYTES), out.length - outOffset);
        if (capacity <= 0) {
            throw new IllegalArgumentException("no room for a packet: maxBytes=" + maxBytes
                    + ", " + (out.length - outOffset) + " bytes left in out");
        }
        MemorySegment.copy(pcm, pcmOffset, this.pcm, JAVA_SHORT, 0, samples);
        int result;
        try {
            result = (int) opus.encode.invokeExact(encoder, this.pcm, frameSamplesPerChannel, packet, capacity);
        } catch (Throwable t) {
            throw new IllegalStateException("opus_encode failed", t);
        }
        if (result < 0) {
            throw opus.exception(result);
        }
        MemorySegment.copy(packet, JAVA_BYTE, 0, out, outOffset, result);
        return result;
    }

    /** Target bitrate in bits per second (500 to 512000; default depends on rate and channels). */
    public void setBitrate(int bitsPerSecond) {
        if (bitsPerSecond < 500 || bitsPerSecond > 512_000) {
            throw new IllegalArgumentException("bitrate out of range 500..512000: " + bitsPerSecond);
        }
        set(SET_BITRATE, bitsPerSecond);
    }

    /** The configured bitrate in bits per second. */
    public int bitrate() {
        return get(GET_BITRATE);
    }

    /** CPU/quality trade-off, 0 (fastest) to 10 (best, the default). */
    public void setComplexity(int complexity) {
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("complexity out of range 0..10: " + complexity);
        }
        set(SET_COMPLEXITY, complexity);
    }

    /** The configured complexity, 0 to 10. */
    public int complexity() {
        return get(GET_COMPLEXITY);
    }

    /** Highest bandwidth the encoder may pick by itself; it still narrows it when bits are short. */
    public void setMaxBandwidth(Bandwidth bandwidth) {
        set(SET_MAX_BANDWIDTH, bandwidth.nativeValue);
    }

    /** Forces one bandwidth; prefer {@link #setMaxBandwidth} unless the input's band is known. */
    public void setBandwidth(Bandwidth bandwidth) {
        set(SET_BANDWIDTH, bandwidth.nativeValue);
    }

    /** Lets the encoder choose the bandwidth again after {@link #setBandwidth}. */
    public void setBandwidthAuto() {
        set(SET_BANDWIDTH, OPUS_AUTO);
    }

    /** Variable (default) or constant bitrate. */
    public void setVbr(boolean vbr) {
        set(SET_VBR, vbr ? 1 : 0);
    }

    /** Constant, constrained variable (the default) or unconstrained variable bitrate; see {@link RateMode}. */
    public void setRateMode(RateMode mode) {
        set(SET_VBR, mode.vbr ? 1 : 0);
        set(SET_VBR_CONSTRAINT, mode.constrained ? 1 : 0);
    }

    /**
     * In-band forward error correction (RFC 6716 §2.1.7): each SILK or hybrid packet also carries a
     * low-bitrate copy (LBRR) of the previous frame. Takes effect only with a non-zero
     * {@linkplain #setPacketLossPercent expected loss} and in the speech modes.
     */
    public void setInbandFec(boolean enabled) {
        set(SET_INBAND_FEC, enabled ? 1 : 0);
    }

    /** Expected packet loss in percent (0 to 100): sizes the FEC and makes frames less interdependent. */
    public void setPacketLossPercent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("packet loss out of range 0..100: " + percent);
        }
        set(SET_PACKET_LOSS_PERC, percent);
    }

    /** Discontinuous transmission: during silence, emit 1-2 byte packets (RFC 6716 §2.1.9). */
    public void setDtx(boolean enabled) {
        set(SET_DTX, enabled ? 1 : 0);
    }

    /** Hint about the input; {@link Signal#VOICE} keeps the encoder in the modes that carry FEC. */
    public void setSignal(Signal signal) {
        set(SET_SIGNAL, signal.nativeValue);
    }

    /** Samples per channel the encoder delays its input by; the decoder's output lags by as much. */
    public int lookahead() {
        return get(GET_LOOKAHEAD);
    }

    /**
     * Makes this encoder's state a copy of {@code source}'s, as if it had encoded everything
     * {@code source} has: libopus keeps an encoder's whole state in one block without pointers, so
     * a shallow copy is a valid encoder (opus.h, "Encoder"). Both must have been created with the
     * same sample rate and channel count; the settings (bitrate, complexity, ...) are copied too.
     * Costs a copy of {@code opus_encoder_get_size} bytes (about 20 kB mono), a small fraction of an encode.
     *
     * @throws IllegalArgumentException if the two differ in sample rate or channels
     */
    public void copyStateFrom(OpusEncoder source) {
        MemorySegment target = state.pointer();
        MemorySegment from = source.state.pointer();
        if (source.sampleRate != sampleRate || source.channels != channels || from.byteSize() != target.byteSize()) {
            throw new IllegalArgumentException("cannot copy a " + source.sampleRate + " Hz, " + source.channels
                    + "-channel encoder into a " + sampleRate + " Hz, " + channels + "-channel one");
        }
        MemorySegment.copy(from, 0, target, 0, target.byteSize());
    }

    /**
     * Range coder state after the last packet (RFC 6716 §4.1). A decoder that decoded the same
     * packet reports the same value, which proves bit-exact transport.
     */
    public int finalRange() {
        return get(GET_FINAL_RANGE);
    }

    /** Forgets all history, as if freshly created, keeping the settings. */
    public void reset() {
        check(state.ctl(opus.encoderCtlNoArg, RESET_STATE), RESET_STATE);
    }

    /** Input sample rate in Hz. */
    public int sampleRate() {
        return sampleRate;
    }

    /** Number of interleaved input channels. */
    public int channels() {
        return channels;
    }

    /** Frees the native state; later calls are no-ops. */
    @Override
    public void close() {
        state.close();
    }

    private void set(int request, int value) {
        check(state.ctl(opus.encoderCtlInt, request, value), request);
    }

    private int get(int request) {
        check(state.ctlGet(opus.encoderCtlPointer, request), request);
        return state.ctlValue();
    }

    private void check(int result, int request) {
        if (result != 0) {
            throw new IllegalArgumentException("opus_encoder_ctl(" + request + "): " + opus.errorText(result));
        }
    }
}
