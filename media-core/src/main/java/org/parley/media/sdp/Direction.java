package org.parley.media.sdp;

/** Media direction attributes, from the point of view of the description's author (RFC 3264 §5.1). */
public enum Direction {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String attributeName;

    Direction(String attributeName) {
        this.attributeName = attributeName;
    }

    /** The attribute name, e.g. {@code sendonly}. */
    public String attributeName() {
        return attributeName;
    }

    /** The direction for this attribute name, or null if it is not a direction attribute. */
    public static Direction fromAttributeName(String name) {
        for (Direction d : values()) {
            if (d.attributeName.equals(name)) {
                return d;
            }
        }
        return null;
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }
}
