package org.parley.signaling.peer;

/**
 * The server answered a request with {@code error {code, message, id}}, or the connection closed before it
 * answered (code {@value #CONNECTION_CLOSED}).
 */
public final class SignalingException extends Exception {

    /** Code used when the WebSocket closed or failed before the reply arrived. */
    public static final String CONNECTION_CLOSED = "connection-closed";

    private final String code;

    SignalingException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    /** The server's error code, or {@link #CONNECTION_CLOSED}. */
    public String code() {
        return code;
    }
}
