package org.parley.signaling.tls;

/** A certificate or private key file that cannot be used; the message says which file and why. */
public final class TlsMaterialException extends Exception {

    public TlsMaterialException(String message) {
        super(message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
