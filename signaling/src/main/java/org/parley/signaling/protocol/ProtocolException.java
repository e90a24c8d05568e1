package org.parley.signaling.protocol;

/** A client message the server refuses; becomes an {@code error} reply with {@link #code()}. */
public final class ProtocolException extends Exception {

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
