package org.parley.mixer.tier;

/** A tier definition in the configuration is missing, malformed or out of range; the message says which and why. */
public final class TierConfigException extends Exception {

    public TierConfigException(String message) {
        super(message);
    }
}
