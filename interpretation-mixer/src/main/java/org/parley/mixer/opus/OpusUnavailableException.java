package org.parley.mixer.opus;

/**
 * Thrown when libopus cannot be loaded or lacks a function Parley needs. It is unchecked because
 * nothing but installing the library fixes it.
 */
public final class OpusUnavailableException extends RuntimeException {

    public OpusUnavailableException(String message) {
        super(message);
    }

    public OpusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
