package org.parley.signaling.interpretation;

import java.util.Locale;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tier.Tier;

/**
 * One encoded stream of a meeting's interpretation: a language channel's variant in one tier.
 *
 * @param language the channel's language code, e.g. {@code fr}
 */
public record ChannelKey(String language, Variant variant, Tier tier) {

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
