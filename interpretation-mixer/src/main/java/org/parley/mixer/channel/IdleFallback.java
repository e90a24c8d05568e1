package org.parley.mixer.channel;

/** What the {@link Variant#CLEAN} variant of a channel carries while no interpreter is live on it. */
public enum IdleFallback {
    /** The floor, so listeners still hear the speaker (e.g. when the floor speaks the channel's language). */
    FLOOR,
    /** Nothing: listeners who asked for interpretation only hear silence until a booth goes live. */
    SILENCE
}
