package org.parley.signaling.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Recording per language ({@code recording} in the configuration).
 *
 * @param directory     where recordings are written, one directory per recording; by default
 *                      {@code <store.dataDirectory>/recordings}
 * @param retentionDays recordings older than this many days are deleted, files and metadata; 0 keeps them
 * @param tier          the listener tier whose encoding is recorded: {@code standard} by default (no
 *                      encode more than listeners already cause); {@code studio} is the archival choice,
 *                      at the cost of one more encode per channel while recording
 */
public record RecordingConfig(Path directory, int retentionDays, String tier) {

    public RecordingConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(tier, "tier");
        if (retentionDays < 0) {
            throw new IllegalArgumentException("retentionDays must be 0 (keep) or more: " + retentionDays);
        }
    }

    /** The defaults for a server whose data directory is {@code dataDirectory}. */
    public static RecordingConfig defaults(Path dataDirectory) {
        return new RecordingConfig(dataDirectory.resolve("recordings"), 0, "standard");
    }
}
