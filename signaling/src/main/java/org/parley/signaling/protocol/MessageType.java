package org.parley.signaling.protocol;

/** The client-to-server message types and their names on the wire. */
public enum MessageType {
    JOIN("join"),
    OFFER("offer"),
    SUBSCRIBE("subscribe"),
    /** Alias of {@link #SUBSCRIBE}: re-subscribing a mid switches its source without renegotiation. */
    SWITCH("switch"),
    UNSUBSCRIBE("unsubscribe"),
    /** A receiving m-line follows a language channel (language, variant, tier); re-sending it switches. */
    SUBSCRIBE_CHANNEL("subscribeChannel"),
    /** Interpreter: switch the booth microphone on (interlocked per channel). */
    MIC_ON("micOn"),
    /** Interpreter: switch the booth microphone off. */
    MIC_OFF("micOff"),
    /** Interpreter: hold or release the cough key. */
    COUGH("cough"),
    /** Asks for the floor, or withdraws the request; any role that may publish except an interpreter. */
    RAISE_HAND("raiseHand"),
    /** Gives a participant the floor; chair and operator only. */
    GRANT_FLOOR("grantFloor"),
    /** Takes the floor from a participant; chair and operator only. */
    REVOKE_FLOOR("revokeFloor"),
    /** Sets the language spoken on the floor; chair and operator only. */
    SET_FLOOR_LANGUAGE("setFloorLanguage"),
    /** Writes a caption (a one-shot line, a partial or the final of a segment); captioner, chair and operator only. */
    CAPTION("caption"),
    /** Chooses the caption languages this client receives (all until it does). */
    SUBSCRIBE_CAPTIONS("subscribeCaptions"),
    /** Interpreter: ask the chair and the floor speakers to slow down. */
    SLOW_DOWN("slowDown"),
    /** Interpreter: a text message to the booth partners. */
    BOOTH_CHAT("boothChat"),
    /** Interpreter, live: offer the microphone to a booth partner. */
    REQUEST_HANDOVER("requestHandover"),
    /** Interpreter: accept the microphone a booth partner offered. */
    ACCEPT_HANDOVER("acceptHandover"),
    /** Interpreter: take the booth's live microphone without asking. */
    TAKE_OVER("takeOver"),
    /** Interpreter: what the booth interprets from (the floor, or a relay). */
    SET_INCOMING("setIncoming"),
    /** Interpreter: the channel the booth speaks into (retour). */
    SET_OUTGOING("setOutgoing"),
    LEAVE("leave"),
    /** Ends the meeting for everyone; chair and operator only. */
    END_MEETING("endMeeting"),
    /** Chair and operator: start recording the meeting (one file per language channel and the floor). */
    START_RECORDING("startRecording"),
    /** Chair and operator: stop the meeting's recording. */
    STOP_RECORDING("stopRecording"),
    PING("ping"),
    /** Operators: watch the dashboard (every meeting with the admin key, one meeting with an operator's token). */
    WATCH_DASHBOARD("watchDashboard");

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
