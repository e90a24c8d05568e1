package org.parley.signaling.store;

import java.time.Instant;
import java.util.List;

/**
 * A recording as stored: its meeting, directory, times and the files closed so far.
 *
 * @param stoppedAt null while it runs (or until a crashed one is completed at the next start)
 * @param startedBy who started it, for the record
 */
public record RecordingRecord(String id, String meetingId, String directory, Instant startedAt, Instant stoppedAt,
                              String startedBy, List<File> files) {

    public RecordingRecord {
        files = List.copyOf(files);
    }

    /** One language's Ogg Opus file, {@code <language>.opus} in the recording's directory. */
    public record File(String language, Instant startedAt, Instant endedAt, long durationMillis, long bytes) {
    }

    public RecordingRecord withFiles(List<File> newFiles) {
        return new RecordingRecord(id, meetingId, directory, startedAt, stoppedAt, startedBy, newFiles);
    }
}
