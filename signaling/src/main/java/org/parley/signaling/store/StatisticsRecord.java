package org.parley.signaling.store;

import java.time.Instant;
import java.util.Map;

/**
 * One stay of one participant in the e-participation statistics: what is kept after the meeting is
 * deleted. No name: the statistics count people, the per-meeting participation log names them.
 *
 * @param participationId the participant id of this stay (a fresh one for every join)
 * @param meetingId       the meeting
 * @param meetingTitle    the meeting's title at its latest join
 * @param invitationId    the invitation it joined with, or null for an anonymous join
 * @param role            the role's wire name
 * @param access          how it came in: {@code browser}, {@code sip} or {@code observer}
 * @param country         the invitation's ISO 3166-1 alpha-2 country, or null
 * @param organisation    the invitation's organisation, or null
 * @param joinedAt        when it joined
 * @param leftAt          when it left; null while it is there
 * @param leaveReason     why it left (a {@code LeaveReason} wire name); null while it is there
 * @param channelMillis   milliseconds listened per language channel ({@code floor} or a language code)
 * @param quality         its link quality over the stay
 */
public record StatisticsRecord(String participationId, String meetingId, String meetingTitle, String invitationId,
                               String role, String access, String country, String organisation, Instant joinedAt,
                               Instant leftAt, String leaveReason, Map<String, Long> channelMillis,
                               QualitySummary quality) {
    public StatisticsRecord {
        channelMillis = Map.copyOf(channelMillis);
    }
}
