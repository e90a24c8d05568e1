package org.parley.mixer.asr;

/**
 * Thrown when a recogniser cannot run: its library or model is not installed (the message names
 * the packages), it does not do the language asked for, or it failed to start. Unchecked because
 * nothing but installing or configuring fixes it.
 */
public final class AsrUnavailableException extends RuntimeException {

    public AsrUnavailableException(String message) {
        super(message);
    }

    public AsrUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
