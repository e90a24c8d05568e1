package org.parley.signaling.browser;

/**
 * A DevTools protocol failure: an error response, a timeout, a closed connection or a browser that
 * did not start. Unchecked because it is only ever thrown into test code, where it should fail the
 * test with its message.
 */
public class DevToolsException extends RuntimeException {

    public DevToolsException(String message) {
        super(message);
    }

    public DevToolsException(String message, Throwable cause) {
        super(message, cause);
    }
}
