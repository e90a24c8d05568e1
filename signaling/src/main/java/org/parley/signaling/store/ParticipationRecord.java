package org.parley.signaling.store;

import java.time.Instant;
import java.util.Map;

/**
 * One stay of one participant in a meeting.
 *
 * @param participantId the participant's id (a fresh one for every join)
 * @param meetingId     the meeting
 * @param invitationId  the invitation of the token it joined with, or null for an anonymous join
 * @param role          the role's wire name
 * @param name          the display name
 * @param joinedAt      when it joined
 * @param leftAt        when it left, or null while it is there (or when the server died meanwhile)
 * @param channelMillis how long it listened to each channel, in milliseconds, by channel
 */
public record ParticipationRecord(String participantId, String meetingId, String invitationId, String role, String name,
                                  Instant joinedAt, Instant leftAt, Map<String, Long> channelMillis) {
    public ParticipationRecord {
        channelMillis = Map.copyOf(channelMillis);
    }
}
