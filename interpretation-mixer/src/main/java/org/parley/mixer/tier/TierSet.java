package org.parley.mixer.tier;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.Bandwidth;
import org.parley.mixer.opus.RateMode;

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
     * CPU (measured 50 against 370-540 µs per 20 ms frame). CBR: in the MDCT mode it costs no more
     * than constrained VBR, so packet lengths stay hidden for free.
     */
    public static final Tier STUDIO = new Tier("studio", Bandwidth.FULLBAND, 40_000, 20, false, 0, false,
            Application.AUDIO, RateMode.CBR, 6);
    /**
     * Wideband speech with FEC for ordinary links, in constrained VBR at complexity 2: libopus's CBR
     * rate loop re-quantises each SILK frame until it fills its budget, which took twice the time
     * of the whole VBR encode (bench/README.md). The decoded SNR on voice stays within 0.5 dB of
     * CBR at complexity 3, the old setting (TierComplexityTest). Below 2 libopus keeps the FEC only
     * by dropping to mediumband. For meetings whose speech must not show through packet lengths
     * (RFC 6562 §3), configure this tier with {@code "rateMode": "cbr"}.
     */
    public static final Tier STANDARD = new Tier("standard", Bandwidth.WIDEBAND, 24_000, 20, true, 10, false,
            Application.VOIP, RateMode.CVBR, 2);
    /**
     * Wideband at 10 kbit/s in 120 ms packets (two 60 ms SILK frames), so that a listener on a
     * 16 kbit/s link hears wideband interpretation: about 15.2 kbit/s on the wire with IPv4, UDP,
     * RTP, the 16-byte AES-GCM tag of SRTP and the once-a-second RTCP and ICE consent traffic
     * (LowTierWireRateEndToEndTest). At 60 ms the 56 bytes of headers per packet took 7.5 kbit/s
     * and left too little for wideband speech; 120 ms halves them. Chosen by measured quality
     * among the settings that fit (bench/README.md, "The low tier"): STOI 0.90 on espeak-ng
     * speech against 0.93 for the old 12 kbit/s in 60 ms, which took 20.9 kbit/s on the wire;
     * 100 ms packets (five 20 ms frames) decode worse at the same rate, and 80 ms leaves less
     * than the 9 kbit/s below which libopus codes mediumband. The price: 120 ms more delay than
     * {@code standard}, and a lost packet loses 120 ms, concealed.
     * CBR: libopus's VBR spends a quarter to a half less than the budget on speech, which would
     * leave the link's budget unused (bench/README.md). Complexity 1: at this rate libopus sends
     * no LBRR at any complexity (wideband FEC needs about 21 kbit/s at 10 % expected loss, see
     * {@link Tier}), so the decoded SNR on voice is that of complexity 5 at half the time. FEC
     * stays in the definition, so a copy of this tier with a higher bitrate and complexity 2 or
     * more does send LBRR.
     */
    public static final Tier LOW = new Tier("low", Bandwidth.WIDEBAND, 10_000, 120, true, 10, false,
            Application.VOIP, RateMode.CBR, 1);
    /**
     * Narrowband at 8 kbit/s in 120 ms packets, silence not sent: the last resort before audio drops.
     * 120 ms like {@code low}, so that stepping down from {@code low} costs the link less: 13.1 kbit/s
     * on the wire on speech against 16.4 kbit/s in 60 ms packets (bench/README.md).
     */
    public static final Tier MINIMAL = new Tier("minimal", Bandwidth.NARROWBAND, 8_000, 120, true, 10, true,
            Application.VOIP, RateMode.CBR, 5);

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
     * restricted_lowdelay; voip), {@code rateMode} (cbr, cvbr, vbr; cvbr, see {@link RateMode}) and
     * {@code complexity} (5) are optional.
     * Numbers may be given as numbers or decimal strings, booleans as booleans or "true"/"false".
     *
     * <pre>{@code {"studio": {"bandwidth": "fullband", "bitrate": 40000, "application": "audio"},
     *  "low": {"bandwidth": "wb", "bitrate": 10000, "frameMillis": 120, "fec": true, "rateMode": "cbr"}}}</pre>
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

    /** Equal when they hold equal tiers in the same order. */
    @Override
    public boolean equals(Object other) {
        return other instanceof TierSet set && list.equals(set.list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return "TierSet" + list;
    }
}
