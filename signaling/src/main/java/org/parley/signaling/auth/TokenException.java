package org.parley.signaling.auth;

/** A join token that admits nobody; {@link #failure()} says why. */
public final class TokenException extends Exception {

    private final TokenFailure failure;

    public TokenException(TokenFailure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }

    public TokenFailure failure() {
        return failure;
    }
}
