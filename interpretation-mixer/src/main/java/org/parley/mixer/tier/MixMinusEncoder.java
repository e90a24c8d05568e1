package org.parley.mixer.tier;

import java.util.Objects;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tick.FrameFormat;

/**
 * Encodes one mix-minus stream (a channel variant without one floor speaker, for that speaker) in
 * the tiers its listener takes, beside the ordinary {@link TieredEncoder} of the same variant.
 *
 * <p>Never part of {@link SharedEncoding}: no ordinary listener ever receives a packet encoded from
 * a mix-minus. The other way round is allowed when it is exact: a full frame whose samples equal the
 * ordinary lane's frame of the same tier (the speaker is silent, not on the floor, or the variant
 * carries no floor now — CLEAN under a live interpreter) is not encoded; the ordinary lane's packet
 * is sent instead ({@link TierEncoder#relay}), and after the grace period of relaying the own Opus
 * encoder is closed. When the frames differ again, the own encoder (re)opens with a copy of the
 * ordinary encoder's state, which is what the listener's decoder has been following, so the switch
 * is seamless. A frame whose ordinary lane is not encoded (nobody else listens) is encoded here.
 *
 * <p>Each tick: {@link #stage} after the ordinary encoders have staged their frames and before
 * {@link SharedEncoding#encodeStaged} (it needs the ordinary encoders' state before they encode);
 * {@link #finish} after it (it needs their packets). Mixer thread only; nothing allocates per tick.
 */
public final class MixMinusEncoder implements AutoCloseable {

    private final TieredEncoder ordinary;
    private final int tickSamples;
    private final int graceTicks;
    private final TierLanes lanes;
    private final int[] listeners;
    /** Per lane: the frame completed this tick equals the ordinary one and is relayed in {@link #finish}. */
    private final boolean[] relayPending;
    /** Per lane: the last frame sent was the ordinary lane's packet. */
    private final boolean[] relaying;
    /** Per lane: ticks spent relaying with the own encoder open. */
    private final int[] relayTicks;

    /**
     * @param ordinary    the ordinary encoder of the same language and variant (same tier set)
     * @param sink        receives this stream's packets (its own stream, never the ordinary one's sink)
     * @param graceMillis how long an unused own encoder is kept (no listeners, or relaying)
     */
    public MixMinusEncoder(TieredEncoder ordinary, FrameFormat tick, EncodedFrameSink sink, int graceMillis) {
        this.ordinary = Objects.requireNonNull(ordinary, "ordinary");
        Objects.requireNonNull(sink, "sink");
        TierSet tiers = ordinary.tiers();
        this.tickSamples = tick.samplesPerFrame();
        this.graceTicks = Math.max(1, graceMillis / tick.frameMillis());
        this.lanes = new TierLanes(tiers, ordinary.language(), ordinary.variant(), sink);
        this.listeners = new int[lanes.size()];
        this.relayPending = new boolean[lanes.size()];
        this.relaying = new boolean[lanes.size()];
        this.relayTicks = new int[lanes.size()];
    }

    public String language() {
        return ordinary.language();
    }

    public Variant variant() {
        return ordinary.variant();
    }

    /** Sets the listeners of {@code tier} (0 or 1 in practice: the speaker's m-lines). Mixer thread. */
    public void setListeners(Tier tier, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative listener count for " + tier.name() + ": " + count);
        }
        listeners[lanes.index(tier)] = count;
    }

    public int listeners(Tier tier) {
        return listeners[lanes.index(tier)];
    }

    /** Whether some tier has listeners. */
    public boolean hasListeners() {
        for (int count : listeners) {
            if (count > 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether some tier has an own Opus encoder open now. */
    public boolean isEncoding() {
        return lanes.anyOpen();
    }

    /** Whether nothing is left to do: no listeners and no open encoder (the stream may be dropped). */
    public boolean isIdle() {
        return !hasListeners() && !isEncoding();
    }

    /**
     * Takes this tick's mix-minus frame; a completed frame that differs from the ordinary lane's is
     * encoded now, one that equals it waits for {@link #finish}.
     */
    public void stage(short[] pcm, long timestamp48k) {
        for (int i = 0; i < lanes.size(); i++) {
            TierEncoder lane = lanes.get(i);
            if (listeners[i] == 0) {
                relaying[i] = false;
                if (lane.isOpen()) {
                    lane.idle(graceTicks);
                }
                continue;
            }
            if (!lane.collect(pcm, tickSamples, timestamp48k)) {
                continue;
            }
            TierEncoder same = ordinary.lane(i);
            if (same.completed(lane.frameTimestamp()) && lane.sameFrame(same)) {
                relayPending[i] = true;
                continue;
            }
            boolean fresh = !lane.isOpen();
            if (fresh && !lane.open()) {
                continue; // libopus refused (counted and logged by the lane)
            }
            // The listener's decoder followed the ordinary stream: continue from its state, not a stale one.
            if (relaying[i] && same.isOpen()) {
                lane.continueFrom(same);
            }
            relaying[i] = false;
            relayTicks[i] = 0;
            lane.encodeOwn(TierEncoder.UNIQUE_STATE);
        }
    }

    /** Sends the ordinary packets of the frames {@link #stage} found equal. After the ordinary encodes. */
    public void finish() {
        for (int i = 0; i < lanes.size(); i++) {
            TierEncoder lane = lanes.get(i);
            if (relayPending[i]) {
                relayPending[i] = false;
                lane.relay(ordinary.lane(i));
                relaying[i] = true;
            }
            if (relaying[i] && lane.isOpen()) {
                relayTicks[i]++;
                if (relayTicks[i] >= graceTicks) {
                    lane.close();
                    relayTicks[i] = 0;
                }
            }
        }
    }

    /** Whether {@code tier} has an own Opus encoder now. */
    public boolean isOpen(Tier tier) {
        return lanes.of(tier).isOpen();
    }

    public long encodersOpened(Tier tier) {
        return lanes.of(tier).opened();
    }

    public long encodersClosed(Tier tier) {
        return lanes.of(tier).closed();
    }

    /** Own encodes of {@code tier} (calls into libopus). */
    public long encodes(Tier tier) {
        return lanes.of(tier).encodes();
    }

    /** Frames of {@code tier} sent as the ordinary stream's packet, without an encode of their own. */
    public long framesRelayed(Tier tier) {
        return lanes.of(tier).relayed();
    }

    public long framesSent(Tier tier) {
        return lanes.of(tier).sent();
    }

    public long failures(Tier tier) {
        return lanes.of(tier).failures();
    }

    /** Closes every own encoder. Mixer thread, or after the pipeline left the clock. */
    @Override
    public void close() {
        lanes.close();
    }
}
