package org.parley.signaling.store;

import java.time.Instant;

/**
 * A stored invitation and whether it was revoked.
 *
 * @param invitation the invitation
 * @param revokedAt  when it was revoked, or null
 */
public record InvitationRecord(Invitation invitation, Instant revokedAt) {
}
