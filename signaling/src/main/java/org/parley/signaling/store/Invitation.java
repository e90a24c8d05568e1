package org.parley.signaling.store;

import java.time.Instant;
import org.parley.signaling.auth.Role;

/**
 * Permission for one person to join a meeting in a role; its token is signed, not stored.
 *
 * @param id        invitation id, carried in the token
 * @param meetingId the meeting
 * @param role      the role
 * @param booth     the booth language of an interpreter, otherwise null
 * @param name      the invitee's display name, or null to let the client choose
 * @param expiresAt when its tokens stop working
 * @param createdAt when it was issued
 */
public record Invitation(String id, String meetingId, Role role, String booth, String name, Instant expiresAt,
                         Instant createdAt) {
}
