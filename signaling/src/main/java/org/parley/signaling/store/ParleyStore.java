package org.parley.signaling.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.parley.signaling.files.PrivateFiles;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The embedded database of a Parley server: the H2 file {@code parley.mv.db} in the data directory,
 * brought to the current schema when opened. Its parts: {@link #meetings()}, {@link #invitations()},
 * {@link #participation()}, {@link #settings()}. Calls block on disk I/O (sub-millisecond for H2);
 * they happen per API request and per join or leave, never per packet.
 */
public final class ParleyStore implements AutoCloseable {

    private static final String FILE_NAME = "parley";

    private final Database database;
    private final int schemaVersion;
    private final MeetingStore meetings;
    private final InvitationStore invitations;
    private final ParticipationStore participation;
    private final SettingsStore settings;

    private ParleyStore(Database database, int schemaVersion) throws StoreException {
        this.database = database;
        this.schemaVersion = schemaVersion;
        this.invitations = new InvitationStore(database);
        this.meetings = new MeetingStore(database, invitations);
        this.participation = new ParticipationStore(database);
        this.settings = new SettingsStore(database);
    }

    /** Opens (creating if needed) the database in {@code dataDirectory} and applies the missing migrations. */
    public static ParleyStore open(Path dataDirectory) throws StoreException {
        Path file = dataDirectory.toAbsolutePath().resolve(FILE_NAME);
        try {
            // The store holds the token key and every invitation: only the server's user may read it.
            PrivateFiles.directory(dataDirectory);
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dataDirectory + ": " + e, e);
        }
        Database database;
        try {
            // WRITE_DELAY=0: each commit reaches the file before it returns, so a SIGKILL loses no commit.
            database = new Database(DriverManager.getConnection("jdbc:h2:file:" + file + ";WRITE_DELAY=0", "parley", ""));
        } catch (SQLException e) {
            throw new StoreException("cannot open the database " + file + ".mv.db: " + e.getMessage(), e);
        }
        try {
            PrivateFiles.restrictFiles(dataDirectory, FILE_NAME + ".");
            return new ParleyStore(database, SchemaMigrations.apply(database));
        } catch (IOException e) {
            try {
                database.close();
            } catch (StoreException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new StoreException("cannot restrict the permissions of " + file + ".mv.db: " + e, e);
        } catch (StoreException | RuntimeException e) {
            try {
                database.close();
            } catch (StoreException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The schema version in place after the migrations. */
    public int schemaVersion() {
        return schemaVersion;
    }

    public MeetingStore meetings() {
        return meetings;
    }

    public InvitationStore invitations() {
        return invitations;
    }

    public ParticipationStore participation() {
        return participation;
    }

    public SettingsStore settings() {
        return settings;
    }

    @Override
    public void close() throws StoreException {
        database.close();
    }
}
