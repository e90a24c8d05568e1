package org.parley.signaling.interpretation;

import org.parley.mixer.channel.Variant;
import org.parley.mixer.tier.Tier;

/**
 * One encoded stream of a meeting's interpretation: a language channel's variant in one tier, or
 * the mix-minus of it that a floor speaker hears (the same stream without their own voice).
 *
 * @param language   the channel's language code, e.g. {@code fr}, or {@link #FLOOR}
 * @param mixMinusOf for a mix-minus stream, the floor speaker's source (producer) id it leaves out; else null
 */
public record ChannelKey(String language, Variant variant, Tier tier, String mixMinusOf) {

    /** The ordinary stream, heard by everyone who listens to the channel. */
    public ChannelKey(String language, Variant variant, Tier tier) {
        this(language, variant, tier, null);
    }

    /** Whether this is a floor speaker's own stream (see {@link #mixMinusOf}). */
    public boolean isMixMinus() {
        return mixMinusOf != null;
    }

    /** The same channel, variant and tier without the speaker {@code speakerSource} (null: the ordinary stream). */
    public ChannelKey withMixMinusOf(String speakerSource) {
        return new ChannelKey(language, variant, tier, speakerSource);
    }

    /** The ordinary stream of this channel, variant and tier. */
    public ChannelKey ordinary() {
        return mixMinusOf == null ? this : new ChannelKey(language, variant, tier);
    }

    /** The same stream in another tier (a mix-minus stays one). */
    public ChannelKey inTier(Tier other) {
        return new ChannelKey(language, variant, other, mixMinusOf);
    }

    /**
     * The pseudo-language of the floor channel: the original speech, as the floor mix carries it.
     * No language code clashes with it (ISO 639-1 codes have two letters).
     */
    public static final String FLOOR = "floor";

    /** The variant's name on the wire: {@code clean} or {@code mixed}. */
    public String variantName() {
        return variant.wireName();
    }

    /** The variant named {@code name} on the wire, or null. */
    public static Variant variantNamed(String name) {
        for (Variant variant : Variant.values()) {
            if (variant.wireName().equals(name)) {
                return variant;
            }
        }
        return null;
    }

    /**
     * The router id of this stream's producer in {@code meetingId}: {@code channel/<meeting>/<lang>/<variant>/<tier>},
     * and for a mix-minus {@code .../<tier>/minus/<speaker source id>}.
     */
    public String producerId(String meetingId) {
        String ordinary = "channel/" + meetingId + "/" + language + "/" + variantName() + "/" + tier.name();
        return mixMinusOf == null ? ordinary : ordinary + "/minus/" + mixMinusOf;
    }
}
