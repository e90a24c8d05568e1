package org.parley.signaling.statistics;

import org.parley.signaling.auth.TokenFailure;

/** Why a participation ended, as the statistics record it. */
public enum LeaveReason {
    /** The participant left: {@code leave} on the WebSocket, or a room system's BYE. */
    LEFT("left"),
    /** Its invitation was revoked (the organiser's way to take someone out). */
    REVOKED("revoked"),
    /** Its invitation expired while it was in. */
    EXPIRED("expired"),
    /** The meeting was ended by an operator, or deleted. */
    ENDED("ended"),
    /** The connection was lost or closed without a {@code leave}; a SIP call that never acknowledged its answer. */
    DISCONNECTED("disconnected"),
    /** The server was stopped (SIGTERM, SIGINT) with the participant in. */
    SERVER_STOP("server-stop"),
    /** The server died (SIGKILL, power loss) with the participant in: set at the next start, at the last heartbeat. */
    CRASH("crash");

    private final String wireName;

    LeaveReason(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the API, the CSV and the store. */
    public String wireName() {
        return wireName;
    }

    /** The reason for a participant taken out because its invitation stopped admitting it. */
    public static LeaveReason of(TokenFailure failure) {
        return failure == TokenFailure.EXPIRED ? EXPIRED : REVOKED;
    }
}
