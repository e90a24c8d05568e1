package org.parley.signaling.protocol;

/** The stable codes of {@code error} messages; clients may switch on them. See PROTOCOL.md. */
public enum ErrorCode {
    /** The text frame is not valid JSON. */
    BAD_JSON,
    /** Not a JSON object, or a field is missing or has the wrong type (the message names it); or a binary frame. */
    BAD_MESSAGE,
    /** {@code type} is not one the server knows. */
    UNKNOWN_TYPE,
    /** The message needs a joined participant. */
    NOT_JOINED,
    /** {@code join} on a connection that is already in a meeting. */
    ALREADY_JOINED,
    /** No meeting has the requested id. */
    UNKNOWN_MEETING,
    /** The meeting has been ended; nobody can join it any more. */
    MEETING_ENDED,
    /** {@code join} without a token to a meeting that is not open. */
    TOKEN_REQUIRED,
    /** The token is not one this server signed: garbage, truncated or tampered with. */
    TOKEN_INVALID,
    /** The token has expired. */
    TOKEN_EXPIRED,
    /** The token's invitation has been revoked. */
    TOKEN_REVOKED,
    /** The {@code join} names another meeting than the token's. */
    TOKEN_WRONG_MEETING,
    /** A {@code watchDashboard} ticket that is unknown, already spent, expired, or whose login has ended. */
    TICKET_INVALID,
    /** The login session that opened a dashboard view has ended (logout, password change, account deleted). */
    LOGGED_OUT,
    /** The participant's role does not allow this action (e.g. an observer publishing). */
    FORBIDDEN,
    /** No producer with that id in the participant's meeting. */
    UNKNOWN_PRODUCER,
    /** No receiving m-line with that mid has been negotiated on the participant's transport. */
    UNKNOWN_MID,
    /** {@code subscribeChannel} names a language the meeting does not have. */
    UNKNOWN_LANGUAGE,
    /** {@code subscribeChannel} names a listener tier the server does not have. */
    UNKNOWN_TIER,
    /** {@code micOn} refused by the interlock (the message names who holds the channel), or no microphone published yet. */
    MIC_REFUSED,
    /** {@code grantFloor} or {@code revokeFloor} names nobody in the participant's meeting. */
    UNKNOWN_PARTICIPANT,
    /** The offer could not be parsed or answered; the message says why. */
    BAD_SDP,
    /** A handover without a live microphone, a partner with one, or a pending offer. */
    HANDOVER_REFUSED,
    /** The booth's relay or outgoing channel would make a channel depend on itself; the message names the cycle. */
    RELAY_CYCLE,
    /** The booth's outgoing channel cannot change while one of its microphones is live. */
    BOOTH_BUSY,
    /** A message larger than the 64 KiB limit; the connection is then closed with 1009. */
    MESSAGE_TOO_LARGE,
    /** Messages arrive faster than the per-connection limit; the excess is dropped. */
    RATE_LIMITED,
    /**
     * A resource limit refused the request (too many m-lines, producers or consumers in an offer, a full
     * meeting, ...); the message names the limit, its configuration key, and the value. Nothing was applied.
     */
    LIMIT_EXCEEDED,
    /** The server runs without a media core, so {@code offer} cannot be answered (nor a recording started). */
    MEDIA_UNAVAILABLE,
    /**
     * The media core is overloaded and did not take the offer in time; nothing was applied and the
     * same offer may be sent again (after a short wait).
     */
    MEDIA_BUSY,
    /** {@code startRecording} while the meeting is being recorded, {@code stopRecording} while it is not. */
    RECORDING_STATE,
    /** A server-side failure; the message gives the cause. */
    INTERNAL
}
