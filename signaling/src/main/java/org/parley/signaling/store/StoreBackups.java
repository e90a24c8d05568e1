package org.parley.signaling.store;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.parley.signaling.files.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups of the store: H2's {@code BACKUP TO} (a consistent copy of the open database, zipped) into
 * {@code <dataDirectory>/backups/parley-<UTC time>.zip}, keeping the newest few. Scheduled on the
 * store's thread by {@link ParleyStore}; {@link StoreRecovery} restores one.
 */
public final class StoreBackups {

    static final String PREFIX = "parley-";
    static final String SUFFIX = ".zip";
    /** Sorts like time: the newest backup has the greatest name. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private static final Logger LOG = LoggerFactory.getLogger(StoreBackups.class);

    private final Database database;
    private final Path directory;
    private final int kept;
    private final AtomicLong made = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    StoreBackups(Database database, Path directory, int kept) {
        this.database = database;
        this.directory = directory;
        this.kept = kept;
    }

    /** Writes a backup now on the calling thread, then deletes the oldest beyond the kept number. */
    public Path backup() throws StoreException {
        Path target;
        Path partial;
        try {
            PrivateFiles.directory(directory);
            target = directory.resolve(PREFIX + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + SUFFIX);
            // Written under another name first: a crash mid-backup never leaves a truncated zip that looks newest.
            partial = directory.resolve(target.getFileName() + ".partial");
        } catch (IOException e) {
            throw new StoreException("cannot create the backup directory " + directory + ": " + e, e);
        }
        database.transaction("back up the store to " + target, connection -> {
            try (Statement backup = connection.createStatement()) {
                backup.execute("BACKUP TO '" + partial.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            return null;
        });
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            PrivateFiles.restrictFiles(directory, PREFIX);
            List<Path> all = list(directory);
            for (Path old : all.subList(0, Math.max(0, all.size() - kept))) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            throw new StoreException("cannot keep the backup " + target + ": " + e, e);
        }
        made.incrementAndGet();
        return target;
    }

    /** {@link #backup()}, logged and counted; for the schedule. */
    void backupQuietly() {
        try {
            Path written = backup();
            LOG.info("Store backed up to {}", written);
        } catch (StoreException | RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("Store backup failed: {}", e.getMessage());
        }
    }

    /** The backups in {@code directory}, oldest first. */
    public static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX) && Files.isRegularFile(file);
            }).sorted().toList();
        }
    }

    /** The newest backup of the store in {@code dataDirectory}, if there is one. */
    public static Optional<Path> newest(Path dataDirectory) {
        try {
            List<Path> all = list(dataDirectory.resolve("backups"));
            return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public long made() {
        return made.get();
    }

    public long failures() {
        return failures.get();
    }

    void registerMeters(MeterRegistry registry) {
        FunctionCounter.builder("parley.store.backups", this, StoreBackups::made)
                .description("Store backups written").register(registry);
        FunctionCounter.builder("parley.store.backup.failures", this, StoreBackups::failures)
                .description("Scheduled store backups that failed").register(registry);
    }
}
