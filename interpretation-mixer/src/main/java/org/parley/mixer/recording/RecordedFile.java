package org.parley.mixer.recording;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What a {@link ChannelRecorder} left on disk once closed.
 *
 * @param language        the channel's language, or the floor's name
 * @param file            the Ogg Opus file
 * @param startedAt       when the recorder was started (its first frame may come a tick later)
 * @param endedAt         when the file was closed
 * @param bytes           the file's size
 * @param playableSamples 48 kHz samples a player plays: the last granule position less the pre-skip
 * @param packets         Opus packets written, concealment packets included
 * @param concealedFrames one-byte lost-frame packets that filled gaps in the stream
 * @param droppedFrames   frames not written: the ring was full, or they came late or broken
 * @param failure         why writing stopped early (the file holds what came before), or null
 */
public record RecordedFile(String language, Path file, Instant startedAt, Instant endedAt, long bytes,
                           long playableSamples, long packets, long concealedFrames, long droppedFrames,
                           String failure) {

    /** The playable duration in milliseconds. */
    public long durationMillis() {
        return playableSamples / 48;
    }
}
