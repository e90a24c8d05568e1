package org.parley.signaling.store;

/** The database could not be opened, migrated, read or written; the message says which and why. */
public final class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
