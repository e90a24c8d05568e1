package org.parley.signaling.config;

/** A configuration that cannot be used; the message names the offending key or option. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
