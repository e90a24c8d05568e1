package org.parley.signaling.meeting;

/**
 * Who is heard on a meeting's floor. In an {@link #OPEN} meeting everyone who publishes is; in a
 * {@link #CHAIRED} one a delegate is heard only once a chair or an operator has given it the floor.
 */
public enum FloorMode {
    /** Everyone who publishes is heard: the configured demo meeting, and meetings created open. */
    OPEN("open"),
    /** Delegates need the floor to be heard; the default of meetings created through the API. */
    CHAIRED("chaired");

    private final String wireName;

    FloorMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name in JSON and in the store: {@code open} or {@code chaired}. */
    public String wireName() {
        return wireName;
    }

    /** The mode named {@code wireName}, or null. */
    public static FloorMode fromWireName(String wireName) {
        for (FloorMode mode : values()) {
            if (mode.wireName.equals(wireName)) {
                return mode;
            }
        }
        return null;
    }
}
