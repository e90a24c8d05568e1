package org.parley.signaling.dashboard;

import org.parley.signaling.auth.TokenFailure;

/** Why a dashboard view was refused; the message is for the person at the page. */
public final class DashboardRefusal extends Exception {

    /** What was wrong with the credentials. */
    public enum Reason {
        /** Neither a key nor a token was given. */
        NO_CREDENTIALS,
        /** Not the server's admin key. */
        WRONG_KEY,
        /** A valid token of another role than operator. */
        NOT_OPERATOR,
        /** A token that admits nobody: {@link #tokenFailure()} says why. */
        TOKEN,
        /** A login ticket that is unknown, spent, expired, or whose session has ended. */
        TICKET,
        /** The login session that opened the view has ended (logout, password change, account deleted). */
        LOGGED_OUT
    }

    private final Reason reason;
    private final TokenFailure tokenFailure;

    public DashboardRefusal(Reason reason, TokenFailure tokenFailure, String message) {
        super(message);
        this.reason = reason;
        this.tokenFailure = tokenFailure;
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#TOKEN}: invalid, expired, revoked; otherwise null. */
    public TokenFailure tokenFailure() {
        return tokenFailure;
    }
}
