package org.parley.signaling.store;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;
import org.parley.signaling.files.PrivateFiles;

/**
 * Recovery of a damaged store: the message a server gives when its file cannot be read, and the
 * {@code bin/parley restore-store <backup.zip> [data-directory]} command ({@link #main}), which moves
 * the damaged file aside and puts the backup's database in its place.
 */
public final class StoreRecovery {

    /** The command an operator runs, as written in messages and the README. */
    public static final String COMMAND = "bin/parley restore-store";
    private static final String ENTRY = ParleyStore.FILE_NAME + ".mv.db";

    private StoreRecovery() {
    }

    /**
     * Whether H2 refused the file as damaged (rather than, e.g., locked by another process or not
     * permitted): a corrupt or unknown format, or a file shorter than its own header says (truncated).
     */
    static boolean damaged(SQLException e) {
        if (e.getErrorCode() == org.h2.api.ErrorCode.FILE_CORRUPTED_1
                || e.getErrorCode() == org.h2.api.ErrorCode.FILE_VERSION_ERROR_1) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MVStoreException store) {
                int code = store.getErrorCode();
                if (code == DataUtils.ERROR_FILE_CORRUPT || code == DataUtils.ERROR_UNSUPPORTED_FORMAT
                        || code == DataUtils.ERROR_READING_FAILED && store.getCause() instanceof EOFException) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The exception of a store that cannot be opened; for a damaged file it says how to recover. */
    static StoreException openFailure(Path dataDirectory, SQLException e) {
        Path file = ParleyStore.file(dataDirectory);
        if (!damaged(e)) {
            return new StoreException("cannot open the database " + file + ": " + e.getMessage(), e);
        }
        Optional<Path> newest = StoreBackups.newest(dataDirectory);
        String backup = newest.map(Path::toString).orElse("<backup.zip>");
        return new StoreException("the store file " + file + " is damaged (" + firstLine(e.getMessage())
                + "): restore the newest backup with `" + COMMAND + " " + backup + "`"
                + (newest.isEmpty() ? " (no backup found in " + dataDirectory.toAbsolutePath().resolve("backups")
                + "; or salvage what is readable with H2's org.h2.tools.Recover)" : "")
                + " and start again", e);
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /**
     * Restores {@code backup} into {@code dataDirectory}: the current store file, if any, is moved aside
     * to {@code parley.mv.db.damaged-<UTC time>}, then the backup's database takes its place and is
     * opened once to check it.
     *
     * @return the path the old file was moved to, if there was one
     */
    public static Optional<Path> restore(Path backup, Path dataDirectory) throws StoreException {
        if (!Files.isRegularFile(backup)) {
            throw new StoreException("no backup file " + backup, null);
        }
        Path file = ParleyStore.file(dataDirectory);
        Path incoming = file.resolveSibling(ENTRY + ".restoring");
        try {
            PrivateFiles.directory(dataDirectory);
            try (ZipFile zip = new ZipFile(backup.toFile())) {
                ZipEntry entry = zip.getEntry(ENTRY);
                if (entry == null) {
                    throw new StoreException(backup + " is not a Parley store backup: it has no " + ENTRY, null);
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, incoming, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot read the backup " + backup + ": " + e, e);
        }
        Optional<Path> aside = Optional.empty();
        try {
            if (Files.exists(file)) {
                requireUnused(file);
                Path moved = file.resolveSibling(ENTRY + ".damaged-"
                        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)));
                Files.move(file, moved);
                aside = Optional.of(moved);
            }
            Files.move(incoming, file, StandardCopyOption.ATOMIC_MOVE);
            PrivateFiles.restrictFiles(dataDirectory, ParleyStore.FILE_NAME + ".");
        } catch (IOException e) {
            throw new StoreException("cannot put the backup in place of " + file + ": " + e, e);
        } finally {
            try {
                Files.deleteIfExists(incoming);
            } catch (IOException e) {
                // left behind; harmless
            }
        }
        try (ParleyStore check = open(dataDirectory)) {
            check.meetings().all();
        }
        return aside;
    }

    private static ParleyStore open(Path dataDirectory) throws StoreException {
        return ParleyStore.open(dataDirectory);
    }

    /** Refuses to touch a file a running server holds (H2 locks its file while open). */
    static void requireUnused(Path file) throws IOException, StoreException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException(file + " is in use: stop the Parley server first", null);
            }
            lock.release();
        }
    }

    /** {@code restore-store <backup.zip> [data-directory]}: the data directory defaults to the backup's parent's parent. */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || args[0].startsWith("-")) {
            System.err.println("usage: " + COMMAND + " <backup.zip> [data-directory]");
            System.err.println("  the data directory defaults to the one whose backups/ holds the zip");
            System.exit(2);
        }
        Path backup = Path.of(args[0]).toAbsolutePath();
        Path dataDirectory;
        if (args.length == 2) {
            dataDirectory = Path.of(args[1]);
        } else if (backup.getParent() != null && backup.getParent().getFileName() != null
                && backup.getParent().getFileName().toString().equals("backups")) {
            dataDirectory = backup.getParent().getParent();
        } else {
            System.err.println("restore-store: " + backup + " is not in a data directory's backups/; "
                    + "name the data directory: " + COMMAND + " <backup.zip> <data-directory>");
            System.exit(2);
            return;
        }
        try {
            Optional<Path> aside = restore(backup, dataDirectory);
            aside.ifPresent(moved -> System.out.println("restore-store: the previous store file was moved to " + moved));
            System.out.println("restore-store: " + ParleyStore.file(dataDirectory) + " restored from " + backup
                    + "; start the server again");
        } catch (StoreException e) {
            System.err.println("restore-store: " + e.getMessage());
            System.exit(1);
        }
    }
}
