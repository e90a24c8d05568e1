package org.parley.signaling.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * What a join token says.
 *
 * @param meetingId    the meeting it admits to
 * @param role         the participant's role
 * @param booth        the booth language of an interpreter, otherwise null
 * @param invitationId the invitation it was issued for; revoking the invitation revokes the token
 * @param name         the participant's display name, or null when the client chooses it
 * @param expiresAt    after this instant the token is refused (second precision)
 */
public record TokenClaims(String meetingId, Role role, String booth, String invitationId, String name, Instant expiresAt) {
    public TokenClaims {
        Objects.requireNonNull(meetingId, "meetingId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(invitationId, "invitationId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
