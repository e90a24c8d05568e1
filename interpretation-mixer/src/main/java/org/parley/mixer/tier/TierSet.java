package org.parley.mixer.tier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.Bandwidth;

/**
 * The listener tiers a meeting encodes for, in a fixed order, looked up by name.
 *
 * <p>Built from {@link #defaults()} or from configuration ({@link #fromConfig}). Immutable; the
 * position of a tier ({@link #indexOf}) is stable, so per-tier state can live in arrays.
 */
public final class TierSet {

    /**
     * Fullband for interpreters and high-fidelity listeners (ISO 24019 asks for 125 Hz-15 kHz), in
     * the AUDIO application so music in the floor survives. Complexity 6 keeps libopus 1.3 in its
     * MDCT-only mode at this rate; from 7 up it switches to the hybrid mode at about ten times the
     * CPU (measured 50 against 370-540 µs per 20 ms frame).
     */
    public static final Tier STUDIO = new Tier("studio", Bandwidth.FULLBAND, 40_000, 20, false, 0, false,
            Application.AUDIO, false, 6);
    /**
     * Wideband speech with FEC for ordinary links. FEC keeps libopus in SILK, whose CBR rate loop
     * makes this the costliest tier per frame; complexity 3 (same two delayed-decision quantiser
     * states as 5, fewer NLSF survivors) encodes about 10-20 % faster than 5 at the same decoded
     * SNR on voice (TierComplexityTest, bench/README.md).
     */
    public static final Tier STANDARD = new Tier("standard", Bandwidth.WIDEBAND, 24_000, 20, true, 10, false,
            Application.VOIP, false, 3);
    /**
     * Wideband at 12 kbit/s in 60 ms packets: about 19 kbit/s on the wire instead of 32 at 20 ms.
     * Complexity 1: at 12 kbit/s wideband libopus sends no LBRR at any complexity (FEC needs about
     * 16 kbit/s, see {@link Tier}), so giving up the FEC path below complexity 2 costs nothing,
     * the decoded SNR on voice is that of complexity 5, and an encode takes about half as long
     * (TierComplexityTest, bench/README.md). FEC stays in the definition, so a copy of this tier
     * with a higher bitrate and complexity 2 or more does send LBRR.
     */
    public static final Tier LOW = new Tier("low", Bandwidth.WIDEBAND, 12_000, 60, true, 10, false,
            Application.VOIP, false, 1);
    /** Narrowband at 8 kbit/s in 60 ms packets, silence not sent: the last resort before audio drops. */
    public static final Tier MINIMAL = new Tier("minimal", Bandwidth.NARROWBAND, 8_000, 60, true, 10, true,
            Application.VOIP, false, 5);

    private static final TierSet DEFAULTS = new TierSet(List.of(STUDIO, STANDARD, LOW, MINIMAL));

    private final Tier[] tiers;
    private final List<Tier> list;

    private TierSet(List<Tier> tiers) {
        this.tiers = tiers.toArray(new Tier[0]);
        this.list = List.copyOf(tiers);
    }

    /** {@code studio}, {@code standard}, {@code low} and {@code minimal}, in that order. */
    public static TierSet defaults() {
        return DEFAULTS;
    }

    /**
     * A set of the given tiers, in order.
     *
     * @throws IllegalArgumentException if it is empty or two tiers share a name
     */
    public static TierSet of(List<Tier> tiers) {
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("a tier set needs at least one tier");
        }
        for (int i = 0; i < tiers.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (tiers.get(i).name().equals(tiers.get(j).name())) {
                    throw new IllegalArgumentException("two tiers are named " + tiers.get(i).name());
                }
            }
        }
        return new TierSet(tiers);
    }

    /**
     * Reads tiers from a configuration tree such as Jackson or a YAML reader produce: tier name to a
     * map of settings, in the map's iteration order. Settings: {@code bandwidth} (narrowband,
     * mediumband, wideband, superwideband, fullband or nb, mb, wb, swb, fb) and {@code bitrate}
     * (bit/s) are required; {@code frameMillis} (20), {@code fec} (false), {@code expectedLossPercent}
     * (10 with FEC, else 0), {@code dtx} (false), {@code application} (voip, audio,
     * restricted_lowdelay; voip), {@code vbr} (false) and {@code complexity} (5) are optional.
     * Numbers may be given as numbers or decimal strings, booleans as booleans or "true"/"false".
     *
     * <pre>{@code {"studio": {"bandwidth": "fullband", "bitrate": 40000, "application": "audio"},
     *  "low": {"bandwidth": "wb", "bitrate": 12000, "frameMillis": 60, "fec": true}}}</pre>
     *
     * @throws TierConfigException naming the tier and setting, if a setting is missing, unknown,
     *     malformed or out of range, or there is no tier at all
     */
    public static TierSet fromConfig(Map<String, ?> config) throws TierConfigException {
        return new TierConfigReader().read(config);
    }

    /** The tier called {@code name}, or null. */
    public Tier get(String name) {
        for (Tier tier : tiers) {
            if (tier.name().equals(name)) {
                return tier;
            }
        }
        return null;
    }

    /** Position of {@code tier} in this set, or -1 if it is not one of its tiers. */
    public int indexOf(Tier tier) {
        for (int i = 0; i < tiers.length; i++) {
            if (tiers[i].equals(tier)) {
                return i;
            }
        }
        return -1;
    }

    /** The tier at {@code index}. */
    public Tier get(int index) {
        return tiers[index];
    }

    public int size() {
        return tiers.length;
    }

    /** The tiers in order (unmodifiable). */
    public List<Tier> tiers() {
        return list;
    }

    /** The names in order, for messages. */
    public List<String> names() {
        List<String> names = new ArrayList<>(tiers.length);
        for (Tier tier : tiers) {
            names.add(tier.name());
        }
        return names;
    }

    @Override
    public String toString() {
        return "TierSet" + list;
    }
}
