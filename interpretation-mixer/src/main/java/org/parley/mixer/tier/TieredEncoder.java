package org.parley.mixer.tier;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tick.FrameFormat;

/**
 * Encodes one channel variant (a language's CLEAN or MIXED) once per tier that has listeners.
 *
 * <p>Each tick the mixer thread calls {@link #encode} with the variant's frame. A tier with
 * listeners adds it to its frame (a 60 ms tier collects three 20 ms ticks, or six 10 ms ones) and,
 * when that is full, encodes it and hands the packet to the {@link EncodedFrameSink}. Frames start
 * on multiples of the tier's frame duration on the meeting timeline, so a tier's frames of all
 * variants end on the same ticks ({@link SharedEncoding} compares them); a tier that gains
 * listeners mid-frame starts with the next frame. A tier without
 * listeners costs nothing: no encode, and no Opus encoder either, which is created when the tier
 * gets its first listener and closed when it has had none for the grace period, so a listener
 * switching tiers back and forth does not churn encoders (a returning listener continues the same
 * stream).
 *
 * <p>Threads: {@link #setListeners} may be called from any thread (control plane); the change takes
 * effect at the next tick. {@code encode} and {@link #close} belong to the mixer thread. The counters
 * are plain fields written by the mixer thread, readable from others (possibly a little stale). After
 * setup, encoding allocates nothing: frames and packets live in reused buffers.
 */
public final class TieredEncoder implements AutoCloseable {

    /** Default time a tier keeps its encoder after its last listener left. */
    public static final int DEFAULT_GRACE_MILLIS = 1000;

    private final String language;
    private final Variant variant;
    private final TierSet tiers;
    private final EncodedFrameSink sink;
    private final int tickSamples;
    private final int graceTicks;
    private final TierLanes lanes;
    private final AtomicIntegerArray listeners;

    /** An encoder with the {@linkplain #DEFAULT_GRACE_MILLIS default grace period}. */
    public TieredEncoder(String language, Variant variant, TierSet tiers, FrameFormat tick, EncodedFrameSink sink) {
        this(language, variant, tiers, tick, sink, DEFAULT_GRACE_MILLIS);
    }

    /**
     * @param tick        the mixer tick; every tier's frame must be a whole number of ticks
     * @param graceMillis how long a tier without listeners keeps its encoder (at least one tick)
     * @throws IllegalArgumentException if a tier's frame is not a multiple of the tick
     */
    public TieredEncoder(String language, Variant variant, TierSet tiers, FrameFormat tick, EncodedFrameSink sink,
                         int graceMillis) {
        this.language = Objects.requireNonNull(language, "language");
        this.variant = Objects.requireNonNull(variant, "variant");
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.tickSamples = tick.samplesPerFrame();
        this.graceTicks = Math.max(1, graceMillis / tick.frameMillis());
        for (int i = 0; i < tiers.size(); i++) {
            Tier tier = tiers.get(i);
            if (tier.frameMillis() % tick.frameMillis() != 0) {
                throw new IllegalArgumentException("tier " + tier.name() + ": " + tier.frameMillis()
                        + " ms frames are not a whole number of " + tick.frameMillis() + " ms ticks");
            }
        }
        this.lanes = new TierLanes(tiers, language, variant, sink);
        this.listeners = new AtomicIntegerArray(lanes.size());
    }

    public String language() {
        return language;
    }

    public Variant variant() {
        return variant;
    }

    public TierSet tiers() {
        return tiers;
    }

    /**
     * Sets how many listeners receive {@code tier}; 0 stops encoding it from the next tick on. Any thread.
     *
     * @throws IllegalArgumentException if {@code tier} is not in this encoder's set or {@code count} is negative
     */
    public void setListeners(Tier tier, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative listener count for " + tier.name() + ": " + count);
        }
        listeners.set(lanes.index(tier), count);
    }

    /** The listener count last set for {@code tier}. */
    public int listeners(Tier tier) {
        return listeners.get(lanes.index(tier));
    }

    /**
     * Takes this tick's frame of the variant; encodes it for every tier with listeners whose frame
     * it completes. Mixer thread only.
     *
     * @param pcm          one tick of 48 kHz mono PCM (read before this returns, not kept)
     * @param timestamp48k the tick's first sample on the meeting's 48 kHz timeline
     */
    public void encode(short[] pcm, long timestamp48k) {
        for (int i = 0; i < lanes.size(); i++) {
            TierEncoder lane = lanes.get(i);
            if (listeners.get(i) > 0) {
                if (lane.isOpen() || lane.open()) {
                    lane.accept(pcm, tickSamples, timestamp48k);
                }
            } else if (lane.isOpen()) {
                lane.idle(graceTicks);
            }
        }
    }

    /** {@link #encode}, except that full frames are left to {@code sharing} to encode. */
    void stage(short[] pcm, long timestamp48k, SharedEncoding sharing) {
        for (int i = 0; i < lanes.size(); i++) {
            TierEncoder lane = lanes.get(i);
            if (listeners.get(i) > 0) {
                if ((lane.isOpen() || lane.open()) && lane.collect(pcm, tickSamples, timestamp48k)) {
                    sharing.frameReady(i, lane);
                }
            } else if (lane.isOpen()) {
                lane.idle(graceTicks);
            }
        }
    }

    /** The lane of the tier at {@code index} in the tier set (for {@link MixMinusEncoder}). */
    TierEncoder lane(int index) {
        return lanes.get(index);
    }

    /** Whether {@code tier} currently has an Opus encoder. */
    public boolean isOpen(Tier tier) {
        return lanes.of(tier).isOpen();
    }

    /** Opus encoders created for {@code tier} so far. */
    public long encodersOpened(Tier tier) {
        return lanes.of(tier).opened();
    }

    /** Opus encoders of {@code tier} closed so far (after the grace period, or by {@link #close()}). */
    public long encodersClosed(Tier tier) {
        return lanes.of(tier).closed();
    }

    /** Frames of {@code tier} encoded so far (calls into libopus). */
    public long encodes(Tier tier) {
        return lanes.of(tier).encodes();
    }

    /**
     * Frames of {@code tier} not encoded because another channel variant's frame was identical:
     * its packet was sent instead (see {@link SharedEncoding}).
     */
    public long framesShared(Tier tier) {
        return lanes.of(tier).shared();
    }

    /** Frames of {@code tier} handed to the sink so far. */
    public long framesSent(Tier tier) {
        return lanes.of(tier).sent();
    }

    /** Frames of {@code tier} encoded as DTX silence and therefore not sent (RFC 7587 §3.1.3). */
    public long framesSuppressed(Tier tier) {
        return lanes.of(tier).suppressed();
    }

    /** Encoders libopus refused to create and frames it refused to encode, for {@code tier}. */
    public long failures(Tier tier) {
        return lanes.of(tier).failures();
    }

    /** Closes every open Opus encoder. Mixer thread, or after the pipeline left the clock. */
    @Override
    public void close() {
        lanes.close();
    }
}
