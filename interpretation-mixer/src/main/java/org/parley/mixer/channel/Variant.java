package org.parley.mixer.channel;

import java.util.Locale;

/** The two renditions of a language channel a listener can choose between. */
public enum Variant {
    /** The live interpreter only; while the booth is idle, the {@link IdleFallback}. */
    CLEAN,
    /**
     * The live interpreter with the floor underneath at {@link ChannelSettings#floorDuckDb()}
     * ("original audio" turned down); while the booth is idle, the floor at full level.
     */
    MIXED;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name clients and metrics use: {@code clean} or {@code mixed}. */
    public String wireName() {
        return wireName;
    }
}
