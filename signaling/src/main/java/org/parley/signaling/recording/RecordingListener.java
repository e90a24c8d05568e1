package org.parley.signaling.recording;

import java.nio.file.Path;

/**
 * Told when a meeting's recording starts and stops (e.g. the webcast keeps an archive while it runs).
 * Called on the recording control thread: do not block.
 */
public interface RecordingListener {

    /** {@code directory} holds the recording's files ({@code <language>.opus}) and may hold the listener's own. */
    void recordingStarted(String meetingId, String recordingId, Path directory);

    void recordingStopped(String meetingId, String recordingId);
}
