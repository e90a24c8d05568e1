package org.parley.signaling.store;

import java.util.Map;

/**
 * What a live participation has accumulated so far, written at each heartbeat and at its leave.
 *
 * @param participationId the participant id
 * @param channelMillis   milliseconds listened per language channel since the join
 * @param quality         the quality summary since the join
 */
public record ParticipationProgress(String participationId, Map<String, Long> channelMillis, QualitySummary quality) {
    public ParticipationProgress {
        channelMillis = Map.copyOf(channelMillis);
    }
}
