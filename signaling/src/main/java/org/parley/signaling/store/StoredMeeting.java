package org.parley.signaling.store;

import java.time.Instant;

/**
 * A meeting created through the provisioning API.
 *
 * @param id        its id, also the {@code meeting} of signaling
 * @param spec      what the organizer said
 * @param createdAt when it was created
 * @param endedAt   when an operator ended it, or null while it may still run
 * @param owner     the organiser account that created it, or null (created with the admin key, or its
 *                  account was deleted)
 */
public record StoredMeeting(String id, MeetingSpec spec, Instant createdAt, Instant endedAt, String owner) {

    /** A meeting without an owner. */
    public StoredMeeting(String id, MeetingSpec spec, Instant createdAt, Instant endedAt) {
        this(id, spec, createdAt, endedAt, null);
    }

    public boolean ended() {
        return endedAt != null;
    }
}
