package org.parley.signaling.interpretation;

import java.util.Locale;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tier.Tier;

/**
 * One encoded stream of a meeting's interpretation: a language channel's variant in one tier.
 *
 * @param language the channel's language code, e.g. {@code fr}, or {@link #FLOOR}
 */
public record ChannelKey(String language, Variant variant, Tier tier) {

    /**
     * The pseudo-language of the floor channel: the original speech, as the floor mix carries it.
     * No language code clashes with it (ISO 639-1 codes have two letters).
     */
    public static final String FLOOR = "floor";

    /** The variant's name on the wire: {@code clean} or {@code mixed}. */
    public String variantName() {
        return variant.name().toLowerCase(Locale.ROOT);
    }

    /** The variant named {@code name} on the wire, or null. */
    public static Variant variantNamed(String name) {
        for (Variant variant : Variant.values()) {
            if (variant.name().toLowerCase(Locale.ROOT).equals(name)) {
                return variant;
            }
        }
        return null;
    }

    /** The router id of this stream's producer in {@code meetingId}: {@code channel/<meeting>/<lang>/<variant>/<tier>}. */
    public String producerId(String meetingId) {
        return "channel/" + meetingId + "/" + language + "/" + variantName() + "/" + tier.name();
    }
}
