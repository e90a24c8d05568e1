package org.parley.mixer.pipeline;

import java.util.Objects;
import org.parley.mixer.channel.Variant;

/**
 * Names a mix-minus stream of a {@link MeetingPipeline}: {@code language}'s {@code variant} without
 * the floor speaker {@code speakerId}, for that speaker to hear.
 *
 * @param speakerId the floor speaker's source id (as given to {@link MeetingPipeline#addSource})
 */
public record MixMinusKey(String speakerId, String language, Variant variant) {

    public MixMinusKey {
        Objects.requireNonNull(speakerId, "speakerId");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(variant, "variant");
    }
}
