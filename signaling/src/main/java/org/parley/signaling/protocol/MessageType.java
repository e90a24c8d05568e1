package org.parley.signaling.protocol;

/** The client-to-server message types and their names on the wire. */
public enum MessageType {
    JOIN("join"),
    OFFER("offer"),
    SUBSCRIBE("subscribe"),
    /** Alias of {@link #SUBSCRIBE}: re-subscribing a mid switches its source without renegotiation. */
    SWITCH("switch"),
    UNSUBSCRIBE("unsubscribe"),
    LEAVE("leave"),
    /** Ends the meeting for everyone; chair and operator only. */
    END_MEETING("endMeeting"),
    PING("ping");

    private static final MessageType[] VALUES = values();

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The type named {@code wireName}, or null when there is none. */
    public static MessageType fromWireName(String wireName) {
        for (MessageType type : VALUES) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        return null;
    }
}
