package org.parley.media.ice;

/**
 * A datagram is not a well-formed STUN message (RFC 5389 §6, §15). The message says which rule was broken.
 */
public final class StunDecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    public StunDecodeException(String message) {
        super(message);
    }
}
