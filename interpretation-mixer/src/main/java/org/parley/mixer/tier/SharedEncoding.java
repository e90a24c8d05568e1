package org.parley.mixer.tier;

import java.util.Arrays;
import java.util.Objects;

/**
 * Encodes a meeting's channel variants tick by tick, once per tier and distinct frame.
 *
 * <p>Many of a meeting's streams often carry the same samples: a CLEAN and a MIXED variant are
 * identical while their booth is idle (both are the floor), and every idle language is the floor.
 * Each tick, {@link #stage} collects every variant's frame into its tiers; {@link #encodeStaged}
 * then, per tier, encodes each distinct full frame once (the first lane with it is its
 * <em>leader</em>) and gives every other lane with the same samples (a <em>follower</em>) the
 * leader's packet and a copy of the leader's encoder state. Every listener thus still gets exactly
 * its own variant's audio, and a follower whose frame differs again next time continues from the
 * state its listeners' decoders followed.
 *
 * <p>A lane whose encoder state is already the leader's (both fresh, or it followed the same
 * stream last frame) follows at once, bit-exact to encoding itself; so does a lane that has not
 * sent anything yet. A lane with its own history
 * (say a CLEAN variant whose interpreter just went idle) follows only after its frames have
 * equalled a leader's for {@link #SPLICE_MILLIS}, so its listeners' decoders, which converged on
 * the same input, barely notice the change of encoder.
 *
 * <p>Mixer thread only. After the first ticks with a given number of variants nothing is allocated.
 */
public final class SharedEncoding {

    /** How long a lane's frames must equal another lane's before it takes that lane's stream. */
    public static final int SPLICE_MILLIS = 200;

    private static final TierEncoder[] NONE = new TierEncoder[0];

    private final TierSet tiers;
    private final int[] spliceFrames;
    private final TierEncoder[][] ready;
    private final int[] readyCount;
    private long lastStateId = TierEncoder.FRESH_STATE;

    public SharedEncoding(TierSet tiers) {
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.spliceFrames = new int[tiers.size()];
        this.ready = new TierEncoder[tiers.size()][];
        this.readyCount = new int[tiers.size()];
        for (int i = 0; i < spliceFrames.length; i++) {
            spliceFrames[i] = Math.max(1, SPLICE_MILLIS / tiers.get(i).frameMillis());
            ready[i] = NONE;
        }
    }

    /**
     * Takes this tick's frame of {@code encoder}'s variant, as {@link TieredEncoder#encode} would,
     * but leaves the encoding of full frames to {@link #encodeStaged}.
     *
     * @param pcm          one tick of 48 kHz mono PCM (read before this returns, not kept)
     * @param timestamp48k the tick's first sample on the meeting's 48 kHz timeline
     * @throws IllegalArgumentException if {@code encoder} was built for another tier set
     */
    public void stage(TieredEncoder encoder, short[] pcm, long timestamp48k) {
        if (encoder.tiers() != tiers) {
            throw new IllegalArgumentException("encoder of " + encoder.language() + " uses another tier set");
        }
        encoder.stage(pcm, timestamp48k, this);
    }

    /** Encodes the full frames staged since the last call and hands every lane its packet. */
    public void encodeStaged() {
        for (int t = 0; t < ready.length; t++) {
            encodeTier(ready[t], readyCount[t], spliceFrames[t]);
            Arrays.fill(ready[t], 0, readyCount[t], null);
            readyCount[t] = 0;
        }
    }

    void frameReady(int tierIndex, TierEncoder lane) {
        TierEncoder[] lanes = ready[tierIndex];
        int count = readyCount[tierIndex];
        if (count == lanes.length) {
            lanes = Arrays.copyOf(lanes, Math.max(8, 2 * count));
            ready[tierIndex] = lanes;
        }
        lanes[count] = lane;
        readyCount[tierIndex] = count + 1;
    }

    /**
     * Groups the full frames by content (moving each group to the front of the unassigned rest) and
     * encodes every group as {@link #encodeGroup} says.
     */
    private void encodeTier(TierEncoder[] lanes, int count, int splice) {
        int done = 0;
        while (done < count) {
            int groupEnd = done + 1;
            for (int i = groupEnd; i < count; i++) {
                if (lanes[i].sameFrame(lanes[done])) {
                    swap(lanes, i, groupEnd++);
                }
            }
            encodeGroup(lanes, done, groupEnd, splice);
            done = groupEnd;
        }
    }

    /**
     * Encodes lanes {@code [from, to)}, whose frames are identical. The leader is the lane whose
     * encoder state most of them share (say the four idle variants' stream, not the channel whose
     * interpreter just went idle), so that as many lanes as possible continue their own stream
     * exactly; lanes with another history follow it once they have matched for the splice time,
     * and meanwhile lead their own cohort.
     */
    private void encodeGroup(TierEncoder[] lanes, int from, int to, int splice) {
        boolean alone = to - from == 1;
        for (int i = from; i < to; i++) {
            lanes[i].equalRun = alone ? 0 : lanes[i].equalRun + 1;
        }
        int first = from;
        while (first < to) {
            swap(lanes, first, largestCohort(lanes, first, to));
            TierEncoder leader = lanes[first++];
            leader.encodeOwn(++lastStateId);
            for (int i = first; i < to; i++) {
                TierEncoder lane = lanes[i];
                // encodedFrom: the leader's state before this frame. A fresh lane has no stream to
                // continue: its listeners' decoders start on whatever packet comes first.
                if (lane.stateId() == TierEncoder.FRESH_STATE || lane.stateId() == leader.encodedFrom()
                        || lane.equalRun >= splice) {
                    lane.follow(leader);
                    swap(lanes, i, first++);
                }
            }
        }
    }

    /** Index in {@code [from, to)} of the lane whose encoder state most of those lanes share. */
    private static int largestCohort(TierEncoder[] lanes, int from, int to) {
        int best = from;
        int bestSize = 0;
        for (int i = from; i < to; i++) {
            int size = 0;
            for (int j = from; j < to; j++) {
                if (lanes[j].stateId() == lanes[i].stateId()) {
                    size++;
                }
            }
            if (size > bestSize) {
                best = i;
                bestSize = size;
            }
        }
        return best;
    }

    private static void swap(TierEncoder[] lanes, int i, int j) {
        TierEncoder lane = lanes[i];
        lanes[i] = lanes[j];
        lanes[j] = lane;
    }
}
