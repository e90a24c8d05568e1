package org.parley.signaling.provisioning;

import org.parley.signaling.store.Invitation;

/**
 * A new invitation and its signed join token (the token is not stored; it can always be checked).
 *
 * @param invitation what was stored
 * @param token      the join token for {@code join {token}}
 */
public record IssuedInvitation(Invitation invitation, String token) {
}
