package org.parley.mixer.jitter;

import java.util.Arrays;
import java.util.Objects;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.OpusPacket;

/**
 * Turns one source's Opus RTP payloads (RFC 7587), arriving late, early, twice or never, into
 * exactly one tick of PCM per mixer tick.
 *
 * <h2>Packets and ticks</h2>
 * A packet may hold any Opus duration (RFC 6716 §3.1 and §3.2: 2.5 to 120 ms, read from its TOC
 * byte by {@link OpusPacket}), whatever the tick: browsers send 20 ms while the mixer may tick every
 * 10 ms. Each {@link #pull} takes the next packets' audio, in sequence order, until one tick is
 * covered, and keeps the rest of the last one for the next tick. A tick made of several pieces
 * reports the worst of them ({@link Playout}'s order).
 *
 * <h2>Playout</h2>
 * When a tick needs audio, the buffer plays the packet with the next sequence number. If it is
 * missing:
 * <ul>
 *   <li>and nothing newer has arrived either, the buffer has run dry: the rest of the tick is
 *       concealed without consuming the sequence number, so the packet can still play when it
 *       arrives and the playout point falls that much further behind the sender (this is how the
 *       depth grows);
 *   <li>and a newer packet is here, the packet counts as lost and is rebuilt for the duration of
 *       the packet after it (senders keep their packet duration): from that packet's in-band FEC
 *       (LBRR, RFC 6716 §2.1.7) if it carries some, otherwise by concealment.
 * </ul>
 * A packet arriving after its sequence number was played or skipped is dropped as late.
 *
 * <h2>Depth</h2>
 * Depth is counted in packets of the sender's current duration. The target is one packet plus
 * the arrival jitter measured by {@code ArrivalJitter}, in whole packets, capped at the maximum
 * delay. When even the shallowest the buffer has been, over the last {@value #SHRINK_WINDOW_PULLS}
 * times a packet was needed, exceeded the target, that excess is pure delay and one packet is
 * dropped; anything beyond the maximum delay is dropped at once.
 *
 * <h2>Restarts</h2>
 * A new SSRC, or a sequence number too far from the playout point to be reordering, restarts the
 * buffer: slots, decoder state and jitter history are cleared. When no packet arrives for as long
 * as the maximum delay (a muted or DTX sender, RFC 7587 §3.1.3), the buffer stops concealing and
 * plays {@link Playout#SILENCE}; the next packet resumes playout after staying silent for the
 * measured jitter less the time the packet already waited for its tick (in whole ticks, within
 * the target depth), so depth is regained between talkspurts rather than by concealment inside one. A packet with the RTP marker bit (the first of a talkspurt, RFC 7587 §4.1) that finds
 * the buffer dry resumes playout at itself instead of concealing the gap before it.
 *
 * <h2>Limits and ownership</h2>
 * Packets whose TOC does not give a valid duration, or that libopus refuses, are counted
 * {@link #undecodable()} and concealed. Payloads are copied into a preallocated ring of 64 slots of
 * 1500 bytes, so the caller keeps ownership of the array it passes to {@link #insert}; decoded
 * audio waits for its tick in a preallocated array of 120 ms plus one tick. The buffer owns its
 * {@link OpusDecoder} and closes it in {@link #close()}.
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
    // RFC 7587 §4.1: the RTP clock of Opus is 48 kHz whatever the decoded rate.
    private static final int RTP_CLOCK_RATE = 48_000;
    private static final int SAMPLES_PER_MILLI_48K = RTP_CLOCK_RATE / 1000;
    // RFC 6716 §3.2.5: a packet holds at most 120 ms.
    private static final int MAX_PACKET_MILLIS = 120;
    private static final Playout[] PLAYOUTS = Playout.values();
    private static final long UNKNOWN_TIME = Long.MIN_VALUE;

    private final OpusDecoder decoder;
    private final int frameMillis;
    private final int frameSamples;
    private final int frameSamples48k;
    private final int pcmLength;
    private final int channels;
    private final int maxDelaySamples48k;
    private final int maxDryPulls;
    private final PacketRing ring = new PacketRing();
    private final ArrivalJitter jitter = new ArrivalJitter();
    /** Decoded audio not played yet, interleaved, from index 0: always less than one tick between pulls. */
    private final short[] pending;

    private boolean started;
    private boolean playing;
    private long ssrc;
    private long nextSequence;
    private long highestSequence;
    /** Duration of the sender's newest valid packet at 48 kHz: the unit of depth and of lost packets. */
    private int packetSamples48k;
    private int pendingSamples;
    private Playout pendingPlayout = Playout.SILENCE;
    private int dryPulls;
    private int prebufferPulls;
    /** A talkspurt started: its silent ticks are counted at the next pull, which knows the time. */
    private boolean resuming;
    private long resumeArrivalNanos;
    private int windowPulls;
    private int windowMinimum = Integer.MAX_VALUE;
    private int depthSamples48k;

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
     * @param frameMillis the mixer tick: 10, 20, 40 or 60 ms (packets may have any Opus duration)
     * @param maxDelayMillis upper bound on the playout delay, at least one tick and less than 64 ticks
     */
    public JitterBuffer(OpusDecoder decoder, int frameMillis, int maxDelayMillis) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        if (frameMillis != 10 && frameMillis != 20 && frameMillis != 40 && frameMillis != 60) {
            throw new IllegalArgumentException("frameMillis must be 10, 20, 40 or 60: " + frameMillis);
        }
        int ticks = maxDelayMillis / frameMillis;
        if (ticks < 1 || ticks >= PacketRing.SLOTS) {
            throw new IllegalArgumentException("maxDelayMillis must cover 1 to " + (PacketRing.SLOTS - 1)
                    + " ticks of " + frameMillis + " ms: " + maxDelayMillis);
        }
        this.frameMillis = frameMillis;
        this.frameSamples = decoder.sampleRate() / 1000 * frameMillis;
        this.frameSamples48k = SAMPLES_PER_MILLI_48K * frameMillis;
        this.channels = decoder.channels();
        this.pcmLength = frameSamples * channels;
        this.maxDelaySamples48k = SAMPLES_PER_MILLI_48K * maxDelayMillis;
        this.maxDryPulls = ticks;
        this.packetSamples48k = frameSamples48k;
        this.pending = new short[(decoder.sampleRate() / 1000 * MAX_PACKET_MILLIS + frameSamples) * channels];
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
            // concealing anything, by staying silent a little longer (see prebufferTicks).
            updatePacketDuration(payload, off, len);
            resuming = true;
            resumeArrivalNanos = arrivalNanos;
            nextSequence = extended;
            playing = true;
            dryPulls = 0;
        } else if (marker && bufferedPackets() == 0) {
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
     * {@link #pull(short[], int, long) pull} at an unknown time: a talkspurt's first packet is taken
     * to have just arrived.
     */
    public Playout pull(short[] pcm, int offset) {
        return pull(pcm, offset, UNKNOWN_TIME);
    }

    /**
     * Produces the next tick: {@code frameMillis} of interleaved PCM at the decoder's rate, written
     * to {@code pcm} from {@code offset}. Call once per mixer tick.
     *
     * @param nowNanos the tick's time on the scale of the arrival times; a talkspurt's first packet
     *                 that has already waited for the tick needs that much less silence before it
     * @return how the tick was produced; the worst of its pieces if it spans several packets
     */
    public Playout pull(short[] pcm, int offset, long nowNanos) {
        Objects.checkFromIndexSize(offset, pcmLength, pcm.length);
        if (resuming) {
            resuming = false;
            prebufferPulls = prebufferTicks(nowNanos == UNKNOWN_TIME ? 0 : Math.max(0, nowNanos - resumeArrivalNanos));
        }
        Playout playout = pendingSamples > 0 ? pendingPlayout : Playout.DECODED;
        while (pendingSamples < frameSamples) {
            pendingPlayout = fetch(frameSamples - pendingSamples);
            playout = worse(playout, pendingPlayout);
        }
        System.arraycopy(pending, 0, pcm, offset, pcmLength);
        pendingSamples -= frameSamples;
        System.arraycopy(pending, pcmLength, pending, 0, pendingSamples * channels);
        return playout;
    }

    /**
     * Appends the audio of the next sequence number, or what stands for it, to {@link #pending}:
     * always at least one sample, so {@link #pull} ends.
     *
     * @param missing samples the current tick still lacks
     */
    private Playout fetch(int missing) {
        if (!playing) {
            return silence(missing, 0);
        }
        if (prebufferPulls > 0) {
            prebufferPulls--;
            return silence(missing, bufferedPackets());
        }
        int buffered = bufferedPackets();
        depthSamples48k = buffered * packetSamples48k + toSamples48k(pendingSamples);
        buffered -= dropExcess(buffered);

        if (ring.contains(nextSequence)) {
            dryPulls = 0;
            Playout playout = decode(nextSequence);
            ring.remove(nextSequence);
            nextSequence++;
            return playout;
        }
        if (buffered == 0) {
            // Ran dry: more likely late than lost. Conceal the rest of the tick, keep waiting for
            // this sequence number.
            if (++dryPulls > maxDryPulls) {
                playing = false;
                return silence(missing, 0);
            }
            return conceal(missing);
        }
        lost++;
        long following = nextSequence + 1;
        nextSequence++;
        int lostSamples = fromSamples48k(ring.contains(following) ? durationOf(following) : packetSamples48k);
        if (ring.contains(following) && OpusPacket.hasLbrr(ring.payload(following), 0, ring.length(following))) {
            return recover(following, lostSamples);
        }
        return conceal(lostSamples);
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

    /** Audio buffered ahead of the playout point when a packet was last needed, in milliseconds. */
    public int currentDepthMillis() {
        return depthSamples48k / SAMPLES_PER_MILLI_48K;
    }

    /** The depth the buffer currently aims for, in milliseconds. */
    public int targetDepthMillis() {
        return targetPackets() * packetSamples48k / SAMPLES_PER_MILLI_48K;
    }

    /** The tick in milliseconds. */
    public int frameMillis() {
        return frameMillis;
    }

    /** Duration of the sender's newest packet in milliseconds (rounded down: 2.5 ms reads 2). */
    public int packetMillis() {
        return packetSamples48k / SAMPLES_PER_MILLI_48K;
    }

    /** Samples per channel in each pulled tick. */
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
        resuming = false;
        windowPulls = 0;
        windowMinimum = Integer.MAX_VALUE;
        ring.clear();
        jitter.reset();
        decoder.reset();
    }

    private void accept(long sequence, long rtpTimestamp, byte[] payload, int off, int len, long arrivalNanos) {
        ring.store(sequence, payload, off, len);
        if (sequence >= highestSequence) {
            updatePacketDuration(payload, off, len);
        }
        highestSequence = Math.max(highestSequence, sequence);
        jitter.observe(rtpTimestamp, arrivalNanos);
    }

    private void updatePacketDuration(byte[] payload, int off, int len) {
        int samples = OpusPacket.sampleCount(payload, off, len, RTP_CLOCK_RATE);
        if (samples > 0) {
            packetSamples48k = samples;
        }
    }

    /** Extends a 16-bit sequence number to the one nearest the highest seen (RFC 3550 Appendix A.1). */
    private long extend(int sequence) {
        int delta = (short) (sequence - (int) (highestSequence & 0xFFFF));
        return highestSequence + delta;
    }

    private int bufferedPackets() {
        return highestSequence >= nextSequence ? (int) (highestSequence - nextSequence + 1) : 0;
    }

    private int maxPackets() {
        return Math.clamp(maxDelaySamples48k / packetSamples48k, 1, PacketRing.SLOTS - 1);
    }

    private int targetPackets() {
        // 1 s = 48000 RTP ticks (RFC 7587 §4.1): one 48 kHz sample is 62500 / 3 ns.
        long packetNanos = packetSamples48k * 62_500L / 3;
        long jitterPackets = (jitter.jitterNanos() + packetNanos - 1) / packetNanos;
        return (int) Math.min(1 + jitterPackets, maxPackets());
    }

    /**
     * Silent ticks before a talkspurt plays. Its second packet is due one packet after the first,
     * give or take the jitter, and is needed one packet after playout starts; the first packet has
     * already waited {@code waitedNanos} for this tick, so only the jitter beyond that wait needs
     * silent ticks, counted in ticks, not packets, and within the target depth.
     */
    private int prebufferTicks(long waitedNanos) {
        long tickNanos = frameMillis * 1_000_000L;
        long uncovered = Math.max(0, jitter.jitterNanos() - waitedNanos);
        long jitterTicks = (uncovered + tickNanos - 1) / tickNanos;
        long targetTicks = (long) targetPackets() * packetSamples48k / frameSamples48k;
        return (int) Math.min(jitterTicks, Math.max(0, targetTicks - 1));
    }

    /** Drops packets that are pure delay; returns how many. */
    private int dropExcess(int buffered) {
        int target = targetPackets();
        int excess = 0;
        if (buffered > maxPackets()) {
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

    /** Duration of a buffered packet at 48 kHz, or the sender's usual one if its TOC is invalid. */
    private int durationOf(long sequence) {
        int samples = OpusPacket.sampleCount(ring.payload(sequence), 0, ring.length(sequence), RTP_CLOCK_RATE);
        return samples > 0 ? samples : packetSamples48k;
    }

    /** Decodes a buffered packet in its turn; a bad one is counted and concealed for its duration. */
    private Playout decode(long sequence) {
        byte[] payload = ring.payload(sequence);
        int length = ring.length(sequence);
        int samples48k = OpusPacket.sampleCount(payload, 0, length, RTP_CLOCK_RATE);
        if (samples48k <= 0) {
            undecodable++;
            return conceal(fromSamples48k(packetSamples48k));
        }
        int samples = fromSamples48k(samples48k);
        try {
            int decoded = decoder.decode(payload, 0, length, pending, pendingSamples * channels, samples, false);
            if (decoded > 0) {
                pendingSamples += decoded;
                return Playout.DECODED;
            }
        } catch (OpusException e) {
            // counted below
        }
        undecodable++;
        return conceal(samples);
    }

    /** Rebuilds {@code samples} of the lost packet before {@code following} from its LBRR data. */
    private Playout recover(long following, int samples) {
        try {
            int decoded = decoder.decode(ring.payload(following), 0, ring.length(following), pending,
                    pendingSamples * channels, samples, true);
            if (decoded > 0) {
                pendingSamples += decoded;
                recoveredByFec++;
                return Playout.RECOVERED_BY_FEC;
            }
        } catch (OpusException e) {
            // A bad packet is counted once, when its own turn comes, not when its FEC is tried.
        }
        return conceal(samples);
    }

    private Playout silence(int samples, int buffered) {
        depthSamples48k = buffered * packetSamples48k;
        int from = pendingSamples * channels;
        Arrays.fill(pending, from, from + samples * channels, (short) 0);
        pendingSamples += samples;
        return Playout.SILENCE;
    }

    private Playout conceal(int samples) {
        concealed++;
        int from = pendingSamples * channels;
        try {
            decoder.conceal(pending, from, samples);
        } catch (OpusException e) {
            // Concealment of a valid frame size cannot fail; if libopus disagrees, play silence.
            Arrays.fill(pending, from, from + samples * channels, (short) 0);
        }
        pendingSamples += samples;
        return Playout.CONCEALED;
    }

    private int toSamples48k(int samples) {
        return (int) ((long) samples * RTP_CLOCK_RATE / decoder.sampleRate());
    }

    private int fromSamples48k(int samples48k) {
        return (int) ((long) samples48k * decoder.sampleRate() / RTP_CLOCK_RATE);
    }

    /** The later of the two in {@link Playout}'s order, which runs from best to worst. */
    private static Playout worse(Playout a, Playout b) {
        return PLAYOUTS[Math.max(a.ordinal(), b.ordinal())];
    }
}
