package org.parley.signaling.statistics;

import org.parley.signaling.auth.Role;

/** How a participant came into a meeting, as the statistics count it. */
public enum Access {
    /** A web app (or another WebRTC client) over the WebSocket, in a role that may speak. */
    BROWSER("browser"),
    /** A room system or phone dialling in by SIP. */
    SIP("sip"),
    /** A web app over the WebSocket with an observer's listen-only link. */
    OBSERVER("observer");

    private final String wireName;

    Access(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the API, the CSV and the store. */
    public String wireName() {
        return wireName;
    }

    /** The access of a WebSocket participant in {@code role}. */
    public static Access webSocket(Role role) {
        return role == Role.OBSERVER ? OBSERVER : BROWSER;
    }
}
