package org.parley.signaling.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.config.StoreConfig;

/** Scheduled backups, the message of a damaged store file, and restoring a backup. */
class StoreRecoveryTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void backupsAreWrittenOnScheduleAndOnlyTheNewestAreKept() throws Exception {
        try (ParleyStore store = ParleyStore.open(new StoreConfig(dir, Duration.ofMillis(300), 2, Duration.ZERO))) {
            store.meetings().insert(new StoredMeeting("council", ParleyStoreTest.spec(), T0, null));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (store.backups().made() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(store.backups().made() >= 4, "backups made: " + store.backups().made());
            // Read on the store's thread: no backup is being written meanwhile.
            List<Path> kept = store.writer().submit("list", () -> StoreBackups.list(dir.resolve("backups")))
                    .get(20, TimeUnit.SECONDS);
            assertEquals(2, kept.size(), kept.toString());
            assertEquals(0, store.backups().failures());
            assertEquals(Optional.of(kept.getLast()), StoreBackups.newest(dir));
        }
    }

    @Test
    void aDamagedFileNamesTheRecoveryCommandAndTheNewestBackupRestores() throws Exception {
        Path backup;
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.meetings().insert(new StoredMeeting("council", ParleyStoreTest.spec(), T0, null));
            backup = store.writer().submit("back up", () -> store.backups().backup()).get(20, TimeUnit.SECONDS);
            store.meetings().insert(new StoredMeeting("after-the-backup", ParleyStoreTest.spec(), T0, null));
        }
        Path file = ParleyStore.file(dir);
        byte[] garbage = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(file, garbage);

        StoreException damaged = assertThrows(StoreException.class, () -> ParleyStore.open(dir));
        String message = damaged.getMessage();
        assertTrue(message.contains("the store file " + file + " is damaged"), message);
        assertTrue(message.contains("`bin/parley restore-store " + backup + "`"), message);

        Optional<Path> aside = StoreRecovery.restore(backup, dir);
        assertTrue(aside.isPresent() && Files.exists(aside.get()), "the damaged file is kept aside: " + aside);
        assertTrue(aside.get().getFileName().toString().startsWith("parley.mv.db.damaged-"), aside.toString());
        try (ParleyStore store = ParleyStore.open(dir)) {
            assertEquals(List.of("council"), store.meetings().all().stream().map(StoredMeeting::id).toList());
        }
    }

    @Test
    void aDamagedFileWithoutBackupsSaysWhereBackupsWouldBe() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.meetings().insert(new StoredMeeting("council", ParleyStoreTest.spec(), T0, null));
        }
        Files.write(ParleyStore.file(dir), new byte[4096]);
        String message = assertThrows(StoreException.class, () -> ParleyStore.open(dir)).getMessage();
        assertTrue(message.contains("bin/parley restore-store <backup.zip>"), message);
        assertTrue(message.contains("no backup found in " + dir.toAbsolutePath().resolve("backups")), message);
    }

    @Test
    void restoringRefusesWhatIsNotAStoreBackup() throws Exception {
        Path notABackup = dir.resolve("other.zip");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(notABackup))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
            zip.write("hello".getBytes());
            zip.closeEntry();
        }
        String message = assertThrows(StoreException.class, () -> StoreRecovery.restore(notABackup, dir.resolve("data")))
                .getMessage();
        assertTrue(message.contains("is not a Parley store backup"), message);
    }
}
