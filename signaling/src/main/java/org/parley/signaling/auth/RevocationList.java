package org.parley.signaling.auth;

/** Tells whether an invitation, and with it every token issued for it, has been revoked. */
@FunctionalInterface
public interface RevocationList {
    /** Must not block: it is asked on a connection's event loop. */
    boolean isRevoked(String invitationId);
}
