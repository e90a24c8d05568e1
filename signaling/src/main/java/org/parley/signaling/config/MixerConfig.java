package org.parley.signaling.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;

/**
 * The interpretation mixer's settings.
 *
 * @param frameMillis the mixer's tick: 20 ms (the default, what browsers send) or 10 ms (less delay,
 *                    twice the ticks)
 * @param tiers       the listener tiers every channel may be encoded in ({@code mixer.tiers} in the
 *                    configuration; {@link TierSet#defaults()} otherwise)
 */
public record MixerConfig(int frameMillis, TierSet tiers) {

    /** The default tick with the default tiers. */
    public static final MixerConfig DEFAULTS = new MixerConfig(20);

    public MixerConfig {
        if (frameMillis != 10 && frameMillis != 20) {
            throw new IllegalArgumentException("mixer frame must be 10 or 20 ms: " + frameMillis);
        }
        Objects.requireNonNull(tiers, "tiers");
    }

    /** The default tiers at a tick of {@code frameMillis}. */
    public MixerConfig(int frameMillis) {
        this(frameMillis, TierSet.defaults());
    }

    /**
     * The tiers as the mixer encodes them: as configured, except that at a 10 ms tick the 20 ms tiers
     * encode 10 ms frames, so that a channel holds its audio back for one tick only; longer frames
     * stay, since their point is the packet headers they save.
     */
    public TierSet tiersAtTick() {
        List<Tier> atTick = new ArrayList<>();
        for (Tier tier : tiers.tiers()) {
            boolean shorten = frameMillis == 10 && tier.frameMillis() == 20;
            atTick.add(shorten ? tier.withFrameMillis(frameMillis) : tier);
        }
        return TierSet.of(atTick);
    }
}
