package org.parley.mixer.booth;

/** A booth's incoming source or outgoing channel could not be changed; the message says why. */
public class RoutingException extends Exception {

    public RoutingException(String message) {
        super(message);
    }
}
