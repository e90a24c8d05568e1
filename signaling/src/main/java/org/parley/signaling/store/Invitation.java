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
 * @param expiresAt    when its tokens stop working
 * @param createdAt    when it was issued
 * @param email        the invitee's e-mail address, where the organiser sends the join link, or null
 * @param language     the invitee's language (ISO 639-1): its pages and e-mail open in it; or null
 * @param country      the invitee's ISO 3166-1 alpha-2 country (upper case), or null; for the statistics
 * @param organisation the invitee's organisation (at most 200 characters), or null; for the statistics
 */
public record Invitation(String id, String meetingId, Role role, String booth, String name, Instant expiresAt,
                         Instant createdAt, String email, String language, String country, String organisation) {

    /** An invitation without e-mail address, language, country or organisation. */
    public Invitation(String id, String meetingId, Role role, String booth, String name, Instant expiresAt,
                      Instant createdAt) {
        this(id, meetingId, role, booth, name, expiresAt, createdAt, null, null, null, null);
    }
}
