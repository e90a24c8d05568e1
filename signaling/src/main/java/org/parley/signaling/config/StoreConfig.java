package org.parley.signaling.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the embedded database lives and how it is backed up.
 *
 * @param dataDirectory       directory of the H2 database files, created when missing
 * @param backupEvery         how often a backup zip is written to {@code <dataDirectory>/backups/};
 *                            {@link Duration#ZERO} writes none
 * @param backupsKept         how many backup zips are kept (the oldest are deleted), at least 1
 * @param simulatedWriteDelay a pause before every commit: zero in production, not settable from the
 *                            configuration file; tests use it to stand for a slow disk
 * @param heartbeatEvery      how often the statistics record that the participants in are still there
 *                            (what a crash loses at most of their time)
 */
public record StoreConfig(Path dataDirectory, Duration backupEvery, int backupsKept, Duration simulatedWriteDelay,
                          Duration heartbeatEvery) {

    public static final Duration DEFAULT_BACKUP_EVERY = Duration.ofHours(24);
    public static final int DEFAULT_BACKUPS_KEPT = 7;
    public static final Duration DEFAULT_HEARTBEAT_EVERY = Duration.ofSeconds(30);

    public StoreConfig {
        if (backupEvery.isNegative()) {
            throw new IllegalArgumentException("backupEvery " + backupEvery + " is negative");
        }
        if (backupsKept < 1) {
            throw new IllegalArgumentException("backupsKept " + backupsKept + " is below 1");
        }
        if (heartbeatEvery.isNegative() || heartbeatEvery.isZero()) {
            throw new IllegalArgumentException("heartbeatEvery " + heartbeatEvery + " is not positive");
        }
    }

    /** The default statistics heartbeat. */
    public StoreConfig(Path dataDirectory, Duration backupEvery, int backupsKept, Duration simulatedWriteDelay) {
        this(dataDirectory, backupEvery, backupsKept, simulatedWriteDelay, DEFAULT_HEARTBEAT_EVERY);
    }

    /** Daily backups, the last week's kept. */
    public StoreConfig(Path dataDirectory) {
        this(dataDirectory, DEFAULT_BACKUP_EVERY, DEFAULT_BACKUPS_KEPT, Duration.ZERO);
    }

    public StoreConfig withBackups(Duration every, int kept) {
        return new StoreConfig(dataDirectory, every, kept, simulatedWriteDelay, heartbeatEvery);
    }

    public StoreConfig withSimulatedWriteDelay(Duration delay) {
        return new StoreConfig(dataDirectory, backupEvery, backupsKept, delay, heartbeatEvery);
    }

    public StoreConfig withHeartbeatEvery(Duration every) {
        return new StoreConfig(dataDirectory, backupEvery, backupsKept, simulatedWriteDelay, every);
    }
}
