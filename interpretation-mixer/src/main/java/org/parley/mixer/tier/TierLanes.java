package org.parley.mixer.tier;

import org.parley.mixer.channel.Variant;

/**
 * One {@link TierEncoder} lane per tier of a {@link TierSet}, at the tier's {@linkplain TierSet#indexOf index}:
 * the lanes of a {@link TieredEncoder} and of a {@link MixMinusEncoder}, found by index on the mixer thread
 * and by tier for their counters (readable from any thread, possibly a little stale).
 */
final class TierLanes implements AutoCloseable {

    private final TierSet tiers;
    private final TierEncoder[] lanes;

    /** A lane for each of {@code tiers}, each encoding {@code language}'s {@code variant} into {@code sink}. */
    TierLanes(TierSet tiers, String language, Variant variant, EncodedFrameSink sink) {
        this.tiers = tiers;
        this.lanes = new TierEncoder[tiers.size()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new TierEncoder(tiers.get(i), language, variant, sink);
        }
    }

    int size() {
        return lanes.length;
    }

    /** The lane of the tier at {@code index} in the tier set. */
    TierEncoder get(int index) {
        return lanes[index];
    }

    /**
     * The lane of {@code tier}.
     *
     * @throws IllegalArgumentException if {@code tier} is not in the set
     */
    TierEncoder of(Tier tier) {
        return lanes[index(tier)];
    }

    /**
     * The index of {@code tier} in the set, which is its lane's.
     *
     * @throws IllegalArgumentException if {@code tier} is not in the set
     */
    int index(Tier tier) {
        int index = tiers.indexOf(tier);
        if (index < 0) {
            throw new IllegalArgumentException("tier " + tier.name() + " is not one of " + tiers.names());
        }
        return index;
    }

    /** Whether some lane has its Opus encoder open now. */
    boolean anyOpen() {
        for (TierEncoder lane : lanes) {
            if (lane.isOpen()) {
                return true;
            }
        }
        return false;
    }

    /** Closes every lane's Opus encoder. Mixer thread, or after the pipeline left the clock. */
    @Override
    public void close() {
        for (TierEncoder lane : lanes) {
            lane.close();
        }
    }
}
