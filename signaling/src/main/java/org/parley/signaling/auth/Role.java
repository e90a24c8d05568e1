package org.parley.signaling.auth;

/**
 * What a participant is in a meeting; carried by its join token. The server checks each signaling
 * action against it ({@link #canPublish()}, {@link #canEndMeeting()}, {@link #chairsFloor()}, …).
 */
public enum Role {
    CHAIR("chair"),
    OPERATOR("operator"),
    /** Bound to one booth: interprets into the booth's language. */
    INTERPRETER("interpreter"),
    DELEGATE("delegate"),
    /** Listens only. */
    OBSERVER("observer"),
    /** A meeting room's audio system (floor microphones and loudspeakers). */
    ROOM_SYSTEM("room-system"),
    /** Writes captions; receives audio but sends none. */
    CAPTIONER("captioner");

    private static final Role[] VALUES = values();

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in JSON and in tokens, e.g. {@code room-system}. */
    public String wireName() {
        return wireName;
    }

    /** The role named {@code wireName}, or null when there is none. */
    public static Role fromWireName(String wireName) {
        for (Role role : VALUES) {
            if (role.wireName.equals(wireName)) {
                return role;
            }
        }
        return null;
    }

    /** Whether the role may send media (an offer with a sending m-line). */
    public boolean canPublish() {
        return this != OBSERVER && this != CAPTIONER;
    }

    /**
     * Whether the role may end the meeting for everyone: the operator only. The chair runs the
     * debate; ending the event (and with it every booth's work) is the organiser's call.
     */
    public boolean canEndMeeting() {
        return this == OPERATOR;
    }

    /** Whether the role runs the floor: gives and takes it ({@code grantFloor}, {@code revokeFloor}), sets its language, sees the roster. */
    public boolean chairsFloor() {
        return this == CHAIR || this == OPERATOR;
    }

    /** Whether the role's published audio is heard on the floor without being given it. */
    public boolean alwaysHeardOnFloor() {
        return this == CHAIR || this == OPERATOR || this == ROOM_SYSTEM;
    }

    /** Whether the role may ask for the floor: those that may publish, except interpreters (their voice is the booth's). */
    public boolean canRaiseHand() {
        return canPublish() && this != INTERPRETER;
    }

    /** Whether the role may send captions. */
    public boolean canCaption() {
        return this == CAPTIONER || this == CHAIR || this == OPERATOR;
    }

    /**
     * Whether the role may listen in the best tier (by default {@code studio}) whatever the meeting's
     * tier policy: interpreters hear their source, chairs and operators judge the sound, at full fidelity.
     */
    public boolean alwaysMayUseBestTier() {
        return this == INTERPRETER || this == CHAIR || this == OPERATOR;
    }

    /**
     * Whether the role may {@code subscribe} to an interpreter's raw microphone, whatever the booth:
     * chairs and operators supervise the booths. Interpreters hear only their own booth partners
     * (checked with the booth); everyone else hears interpreters only through the language channels.
     */
    public boolean hearsEveryBoothMicrophone() {
        return this == CHAIR || this == OPERATOR;
    }

    /** Whether an invitation for this role must name a booth. */
    public boolean needsBooth() {
        return this == INTERPRETER;
    }

    /** All wire names, comma separated, for error messages. */
    public static String wireNames() {
        StringBuilder names = new StringBuilder();
        for (Role role : VALUES) {
            names.append(names.isEmpty() ? "" : ", ").append(role.wireName);
        }
        return names.toString();
    }
}
