package org.parley.signaling.auth;

/** Why a join token was refused. The signaling protocol reports each as {@code TOKEN_<name>}. */
public enum TokenFailure {
    /** Not a token this server signed: garbage, truncated or tampered with. */
    INVALID,
    /** Correctly signed, but past its expiry. */
    EXPIRED,
    /** Its invitation has been revoked. */
    REVOKED,
    /** The client named a different meeting than the token's. */
    WRONG_MEETING
}
