package org.parley.signaling.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Directories and files only the server's user may read: the store (tokens' key, invitations, who
 * joined when) and the trial TLS key. On a file system without POSIX permissions nothing is changed.
 */
public final class PrivateFiles {

    /** {@code rwx------}. */
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code rw-------}. */
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /**
     * Creates {@code directory} (and its missing parents) and makes it {@code 0700}, also when it
     * already existed with wider permissions (a data directory from an older version).
     */
    public static void directory(Path directory) throws IOException {
        Files.createDirectories(directory);
        if (posix(directory)) {
            Files.setPosixFilePermissions(directory, DIRECTORY);
        }
    }

    /** Makes each regular file of {@code directory} whose name starts with {@code prefix} {@code 0600}. */
    public static void restrictFiles(Path directory, String prefix) throws IOException {
        if (!posix(directory)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, prefix + "*")) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            }
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
