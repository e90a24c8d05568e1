package org.parley.mixer.jitter;

import java.util.Arrays;
import java.util.Objects;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.OpusPacket;

/**
 * Turns one source's Opus RTP payloads (RFC 7587), arriving late, early, twice or never, into
 * exactly one frame of PCM per mixer tick.
 *
 * <h2>Playout</h2>
 * Each {@link #pull} plays the packet with the next sequence number. If it is missing:
 * <ul>
 *   <li>and nothing newer has arrived either, the buffer has run dry: the frame is concealed
 *       without consuming the sequence number, so the packet can still play when it arrives and
 *       the playout point falls one frame further behind the sender (this is how the depth grows);
 *   <li>and a newer packet is here, the packet counts as lost: if the next one carries in-band FEC
 *       (LBRR, RFC 6716 §2.1.7) the lost frame is decoded from it, otherwise concealed.
 * </ul>
 * A packet arriving after its sequence number was played or skipped is dropped as late.
 *
 * <h2>Depth</h2>
 * The target depth is one frame plus the arrival jitter measured by {@code ArrivalJitter}, in
 * whole frames, capped at the maximum delay. When even the shallowest the buffer has been during
 * the last {@value #SHRINK_WINDOW_PULLS} pulls exceeded the target, that excess is pure delay and
 * one frame is dropped; anything beyond the maximum delay is dropped at once.
 *
 * <h2>Restarts</h2>
 * A new SSRC, or a sequence number too far from the playout point to be reordering, restarts the
 * buffer: slots, decoder state and jitter history are cleared. When no packet arrives for as long
 * as the maximum delay (a muted or DTX sender, RFC 7587 §3.1.3), the buffer stops concealing and
 * plays {@link Playout#SILENCE}; the next packet resumes playout after staying silent until the
 * target depth is buffered, so depth is regained between talkspurts rather than by concealment
 * inside one. A packet with the RTP marker bit (the first of a talkspurt, RFC 7587 §4.1) that finds
 * the buffer dry resumes playout at itself instead of concealing the gap before it.
 *
 * <h2>Limits and ownership</h2>
 * Every packet must hold exactly one tick of audio (the sender's ptime must equal the tick);
 * others are counted {@link #undecodable()} and concealed. Payloads are copied into a preallocated
 * ring of 64 slots of 1500 bytes, so the caller keeps ownership of the array it passes to
 * {@link #insert}. The buffer owns its {@link OpusDecoder} and closes it in {@link #close()}.
 *
 * <p>Not thread-safe: the mixer thread owns a jitter buffer and calls both {@code insert} and
 * {@code pull}. Packets received on network threads must be handed over (for example through a
 * queue drained at the start of each tick) by the caller.
 */
public final class JitterBuffer implements AutoCloseable {

    /** Default mixer tick. */
    public static final int DEFAULT_FRAME_MILLIS = 20;
    /** Default upper bound on the playout delay. */
    public static final int DEFAULT_MAX_DELAY_MILLIS = 200;

    static final int SHRINK_WINDOW_PULLS = 50;
    // RFC 3550 Appendix A.1 allows this much misordering before calling a sequence number a restart.
    private static final int MAX_MISORDER = 100;
    private static final int RTP_CLOCK_RATE = 48_000;

    private final OpusDecoder decoder;
    private final int frameMillis;
    private final int frameSamples;
    private final int frameSamples48k;
    private final int pcmLength;
    private final long frameNanos;
    private final int maxFrames;
    private final PacketRing ring = new PacketRing();
    private final ArrivalJitter jitter = new ArrivalJitter();

    private boolean started;
    private boolean playing;
    private long ssrc;
    private long nextSequence;
    private long highestSequence;
    private int dryPulls;
    private int prebufferPulls;
    private int windowPulls;
    private int windowMinimum = Integer.MAX_VALUE;
    private int depthFrames;

    private long received;
    private long late;
    private long lost;
    private long recoveredByFec;
    private long concealed;
    private long duplicates;
    private long undecodable;
    private long dropped;
    private long resyncs;

    /** A buffer with a 20 ms tick and at most 200 ms delay; see {@link #JitterBuffer(OpusDecoder, int, int)}. */
    public JitterBuffer(OpusDecoder decoder) {
        this(decoder, DEFAULT_FRAME_MILLIS, DEFAULT_MAX_DELAY_MILLIS);
    }

    /**
     * Creates an empty buffer; playout starts with the first packet inserted.
     *
     * @param decoder decodes this source; the buffer takes ownership
     * @param frameMillis the mixer tick and packet duration: 10, 20, 40 or 60 ms
     * @param maxDelayMillis upper bound on the playout delay, at least one frame and less than 64 frames
     */
    public JitterBuffer(OpusDecoder decoder, int frameMillis, int maxDelayMillis) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        if (frameMillis != 10 && frameMillis != 20 && frameMillis != 40 && frameMillis != 60) {
            throw new IllegalArgumentException("frameMillis must be 10, 20, 40 or 60: " + frameMillis);
        }
        int frames = maxDelayMillis / frameMillis;
        if (frames < 1 || frames >= PacketRing.SLOTS) {
            throw new IllegalArgumentException("maxDelayMillis must cover 1 to " + (PacketRing.SLOTS - 1)
                    + " frames of " + frameMillis + " ms: " + maxDelayMillis);
        }
        this.frameMillis = frameMillis;
        this.frameSamples = decoder.sampleRate() / 1000 * frameMillis;
        this.frameSamples48k = RTP_CLOCK_RATE / 1000 * frameMillis;
        this.pcmLength = frameSamples * decoder.channels();
        this.frameNanos = frameMillis * 1_000_000L;
        this.maxFrames = frames;
    }

    /** {@link #insert(long, int, long, boolean, byte[], int, int, long) insert} for the current SSRC, marker clear. */
    public Arrival insert(int sequenceNumber, long rtpTimestamp, byte[] payload, int off, int len, long arrivalNanos) {
        return insert(started ? ssrc : 0, sequenceNumber, rtpTimestamp, false, payload, off, len, arrivalNanos);
    }

    /**
     * Buffers one RTP payload, copying it.
     *
     * @param ssrc the RTP SSRC; a change restarts the buffer
     * @param sequenceNumber the RTP sequence number, 0 to 65535 (wraps)
     * @param rtpTimestamp the RTP timestamp at 48 kHz, 32 bits (wraps)
     * @param marker the RTP marker bit: first packet of a talkspurt
     * @param arrivalNanos when the packet arrived, on the {@link System#nanoTime()} scale
     * @return what happened to the packet; malformed content is reported here, never thrown
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} lie outside {@code payload}
     */
    public Arrival insert(long ssrc, int sequenceNumber, long rtpTimestamp, boolean marker,
            byte[] payload, int off, int len, long arrivalNanos) {
        Objects.checkFromIndexSize(off, len, payload.length);
        received++;
        if (len == 0 || len > PacketRing.SLOT_BYTES) {
            undecodable++;
            return Arrival.INVALID;
        }
        int sequence = sequenceNumber & 0xFFFF;
        if (!started || ssrc != this.ssrc) {
            Arrival arrival = started ? Arrival.RESYNC : Arrival.ACCEPTED;
            restart(ssrc, sequence);
            accept(sequence, rtpTimestamp, payload, off, len, arrivalNanos);
            return arrival;
        }
        long extended = extend(sequence);
        long ahead = extended - nextSequence;
        if (ahead < -MAX_MISORDER || (playing && ahead >= PacketRing.SLOTS)) {
            restart(ssrc, sequence);
            accept(sequence, rtpTimestamp, payload, off, len, arrivalNanos);
            return Arrival.RESYNC;
        }
        if (ahead < 0) {
            late++;
            // Its lateness is exactly what the depth must absorb.
            jitter.observe(rtpTimestamp, arrivalNanos);
            return Arrival.LATE;
        }
        if (ring.contains(extended)) {
            duplicates++;
            return Arrival.DUPLICATE;
        }
        if (!playing) {
            // A talkspurt after silence: the moment to rebuild the target depth without
            // concealing anything, by staying silent a little longer.
            prebufferPulls = targetFrames() - 1;
            nextSequence = extended;
            playing = true;
            dryPulls = 0;
        } else if (marker && bufferedFrames() == 0) {
            // Resume at the talkspurt's first packet rather than conceal the gap before it.
            lost += ahead;
            nextSequence = extended;
            dryPulls = 0;
        }
        accept(extended, rtpTimestamp, payload, off, len, arrivalNanos);
        return Arrival.ACCEPTED;
    }

    /** {@link #pull(short[], int) pull} into the start of {@code pcm}. */
    public Playout pull(short[] pcm) {
        return pull(pcm, 0);
    }

    /**
     * Produces the next frame: {@code frameMillis} of interleaved PCM at the decoder's rate, written
     * to {@code pcm} from {@code offset}. Call once per mixer tick.
     *
     * @return how the frame was produced
     */
    public Playout pull(short[] pcm, int offset) {
        Objects.checkFromIndexSize(offset, pcmLength, pcm.length);
        if (!playing) {
            return silence(pcm, offset, 0);
        }
        if (prebufferPulls > 0) {
            prebufferPulls--;
            return silence(pcm, offset, bufferedFrames());
        }
        int buffered = bufferedFrames();
        depthFrames = buffered;
        buffered -= dropExcess(buffered);

        if (ring.contains(nextSequence)) {
            dryPulls = 0;
            Playout playout = decode(nextSequence, false, pcm, offset);
            ring.remove(nextSequence);
            nextSequence++;
            return playout;
        }
        if (buffered == 0) {
            // Ran dry: more likely late than lost. Conceal, keep waiting for this sequence number.
            if (++dryPulls > maxFrames) {
                playing = false;
                return silence(pcm, offset, 0);
            }
            return conceal(pcm, offset);
        }
        lost++;
        long following = nextSequence + 1;
        nextSequence++;
        if (carriesFec(following)) {
            return decode(following, true, pcm, offset);
        }
        return conceal(pcm, offset);
    }

    /** Packets passed to {@code insert}, including rejected ones. */
    public long received() {
        return received;
    }

    /** Packets dropped because their sequence number had already been played or skipped. */
    public long late() {
        return late;
    }

    /** Sequence numbers missing when their turn came although newer packets were buffered. */
    public long lost() {
        return lost;
    }

    /** Lost frames rebuilt from the following packet's in-band FEC. */
    public long recoveredByFec() {
        return recoveredByFec;
    }

    /** Frames produced by the decoder's packet loss concealment. */
    public long concealed() {
        return concealed;
    }

    /** Packets dropped because the same sequence number was already buffered. */
    public long duplicates() {
        return duplicates;
    }

    /** Packets that were empty, too large, of the wrong duration or rejected by the decoder. */
    public long undecodable() {
        return undecodable;
    }

    /** Packets discarded unplayed to bring the delay back to the target. */
    public long dropped() {
        return dropped;
    }

    /** Restarts caused by a new SSRC or a sequence discontinuity. */
    public long resyncs() {
        return resyncs;
    }

    /** Frames buffered ahead of the playout point at the last pull, in milliseconds. */
    public int currentDepthMillis() {
        return depthFrames * frameMillis;
    }

    /** The depth the buffer currently aims for, in milliseconds. */
    public int targetDepthMillis() {
        return targetFrames() * frameMillis;
    }

    /** The tick and packet duration in milliseconds. */
    public int frameMillis() {
        return frameMillis;
    }

    /** Samples per channel in each pulled frame. */
    public int frameSamples() {
        return frameSamples;
    }

    /** Closes the decoder. */
    @Override
    public void close() {
        decoder.close();
    }

    private void restart(long ssrc, int sequence) {
        if (started) {
            resyncs++;
        }
        this.ssrc = ssrc;
        started = true;
        playing = true;
        nextSequence = sequence;
        highestSequence = sequence;
        dryPulls = 0;
        prebufferPulls = 0;
        windowPulls = 0;
        windowMinimum = Integer.MAX_VALUE;
        ring.clear();
        jitter.reset();
        decoder.reset();
    }

    private void accept(long sequence, long rtpTimestamp, byte[] payload, int off, int len, long arrivalNanos) {
        ring.store(sequence, payload, off, len);
        highestSequence = Math.max(highestSequence, sequence);
        jitter.observe(rtpTimestamp, arrivalNanos);
    }

    /** Extends a 16-bit sequence number to the one nearest the highest seen (RFC 3550 Appendix A.1). */
    private long extend(int sequence) {
        int delta = (short) (sequence - (int) (highestSequence & 0xFFFF));
        return highestSequence + delta;
    }

    private int bufferedFrames() {
        return highestSequence >= nextSequence ? (int) (highestSequence - nextSequence + 1) : 0;
    }

    private int targetFrames() {
        long jitterFrames = (jitter.jitterNanos() + frameNanos - 1) / frameNanos;
        return (int) Math.min(1 + jitterFrames, maxFrames);
    }

    /** Drops frames that are pure delay; returns how many. */
    private int dropExcess(int buffered) {
        int target = targetFrames();
        int excess = 0;
        if (buffered > maxFrames) {
            excess = buffered - target;
        } else {
            windowMinimum = Math.min(windowMinimum, buffered);
            if (++windowPulls >= SHRINK_WINDOW_PULLS) {
                if (windowMinimum > target) {
                    excess = 1;
                }
                windowPulls = 0;
                windowMinimum = Integer.MAX_VALUE;
            }
        }
        for (int i = 0; i < excess; i++) {
            ring.remove(nextSequence);
            nextSequence++;
        }
        dropped += excess;
        return excess;
    }

    private boolean carriesFec(long sequence) {
        if (!ring.contains(sequence)) {
            return false;
        }
        byte[] payload = ring.payload(sequence);
        int length = ring.length(sequence);
        return OpusPacket.hasLbrr(payload, 0, length)
                && OpusPacket.sampleCount(payload, 0, length, RTP_CLOCK_RATE) == frameSamples48k;
    }

    /**
     * Decodes a buffered packet, or with {@code fec} the LBRR data it carries for its predecessor.
     * A bad packet is counted once, when its own turn comes, not when its FEC is tried.
     */
    private Playout decode(long sequence, boolean fec, short[] pcm, int offset) {
        byte[] payload = ring.payload(sequence);
        int length = ring.length(sequence);
        if (!fec && OpusPacket.sampleCount(payload, 0, length, RTP_CLOCK_RATE) != frameSamples48k) {
            undecodable++;
            return conceal(pcm, offset);
        }
        try {
            decoder.decode(payload, 0, length, pcm, offset, frameSamples, fec);
        } catch (OpusException e) {
            if (!fec) {
                undecodable++;
            }
            return conceal(pcm, offset);
        }
        if (fec) {
            recoveredByFec++;
            return Playout.RECOVERED_BY_FEC;
        }
        return Playout.DECODED;
    }

    private Playout silence(short[] pcm, int offset, int buffered) {
        depthFrames = buffered;
        Arrays.fill(pcm, offset, offset + pcmLength, (short) 0);
        return Playout.SILENCE;
    }

    private Playout conceal(short[] pcm, int offset) {
        concealed++;
        try {
            decoder.conceal(pcm, offset, frameSamples);
        } catch (OpusException e) {
            // Concealment of a valid frame size cannot fail; if libopus disagrees, play silence.
            Arrays.fill(pcm, offset, offset + pcmLength, (short) 0);
        }
        return Playout.CONCEALED;
    }
}
