package org.parley.signaling.meeting;

import java.time.Instant;

/**
 * That a meeting is being recorded, as participants are told (they must know: the indicator in every
 * console follows it).
 *
 * @param recordingId the recording's id (its files are listed under it by the provisioning API)
 * @param startedAt   when it started
 */
public record RecordingState(String recordingId, Instant startedAt) {
}
