package org.parley.signaling.store;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.parley.signaling.config.StoreConfig;
import org.parley.signaling.files.PrivateFiles;

/**
 * The embedded database of a Parley server: the H2 file {@code parley.mv.db} in the data directory,
 * brought to the current schema when opened. Its parts: {@link #meetings()}, {@link #invitations()},
 * {@link #participation()}, {@link #statistics()}, {@link #settings()}, {@link #accounts()},
 * {@link #recordings()}, {@link #captions()}. The store owns
 * one thread, {@link #writer()}: the participation log and the statistics are written there (callers never
 * wait for it), the provisioning API runs its store work there, and scheduled backups ({@link StoreBackups})
 * are made there.
 */
public final class ParleyStore implements AutoCloseable {

    /** The database's base name: the file is {@code parley.mv.db}. */
    static final String FILE_NAME = "parley";
    /** The H2 file of the store in {@code dataDirectory}. */
    public static Path file(Path dataDirectory) {
        return dataDirectory.toAbsolutePath().resolve(FILE_NAME + ".mv.db");
    }

    private final Database database;
    private final StoreWriter writer;
    private final StoreBackups backups;
    private final int schemaVersion;
    private final MeetingStore meetings;
    private final InvitationStore invitations;
    private final ParticipationStore participation;
    private final StatisticsStore statistics;
    private final SettingsStore settings;
    private final AccountStore accounts;
    private final RecordingStore recordings;
    private final CaptionStore captions;

    private ParleyStore(Database database, StoreWriter writer, StoreBackups backups, int schemaVersion)
            throws StoreException {
        this.database = database;
        this.writer = writer;
        this.backups = backups;
        this.schemaVersion = schemaVersion;
        this.invitations = new InvitationStore(database);
        this.meetings = new MeetingStore(database, invitations);
        this.participation = new ParticipationStore(database, writer);
        this.statistics = new StatisticsStore(database, writer);
        this.settings = new SettingsStore(database);
        this.accounts = new AccountStore(database);
        this.recordings = new RecordingStore(database);
        this.captions = new CaptionStore(database, writer);
    }

    /** Opens the database in {@code dataDirectory} without scheduled backups (tests, tools). */
    public static ParleyStore open(Path dataDirectory) throws StoreException {
        return open(new StoreConfig(dataDirectory, Duration.ZERO, 1, Duration.ZERO));
    }

    /**
     * Opens the store for a command-line tool (e.g. {@code bin/parley add-account}), refusing a file that a
     * running server holds: within one JVM H2 would share the open database instead of failing.
     */
    public static ParleyStore openUnused(Path dataDirectory) throws StoreException {
        Path file = file(dataDirectory);
        if (Files.exists(file)) {
            try {
                StoreRecovery.requireUnused(file);
            } catch (IOException e) {
                throw new StoreException("cannot check whether " + file + " is in use: " + e.getMessage(), e);
            }
        }
        return open(dataDirectory);
    }

    /**
     * Opens (creating if needed) the database in the configured data directory, applies the missing
     * migrations, and schedules the backups. A damaged file is refused with a {@link StoreException}
     * that says how to restore a backup.
     */
    public static ParleyStore open(StoreConfig config) throws StoreException {
        Path dataDirectory = config.dataDirectory();
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
            String url = "jdbc:h2:file:" + file + ";WRITE_DELAY=0";
            database = new Database(DriverManager.getConnection(url, "parley", ""),
                    // IFEXISTS: a reopen must fail, not start an empty store, if the file vanished.
                    () -> DriverManager.getConnection(url + ";IFEXISTS=TRUE", "parley", ""), config.simulatedWriteDelay());
        } catch (SQLException e) {
            throw StoreRecovery.openFailure(dataDirectory, e);
        }
        StoreWriter writer = new StoreWriter(StoreWriter.DEFAULT_CAPACITY);
        try {
            PrivateFiles.restrictFiles(dataDirectory, FILE_NAME + ".");
            int version;
            try {
                version = SchemaMigrations.apply(database);
            } catch (StoreException e) {
                throw e.getCause() instanceof SQLException sql && StoreRecovery.damaged(sql)
                        ? StoreRecovery.openFailure(dataDirectory, sql) : e;
            }
            StoreBackups backups = new StoreBackups(database, dataDirectory.resolve("backups"), config.backupsKept());
            ParleyStore store = new ParleyStore(database, writer, backups, version);
            if (!config.backupEvery().isZero()) {
                writer.every(config.backupEvery(), backups::backupQuietly);
            }
            return store;
        } catch (IOException e) {
            closeAfterFailure(writer, database, e);
            throw new StoreException("cannot restrict the permissions of " + file + ".mv.db: " + e, e);
        } catch (StoreException | RuntimeException e) {
            closeAfterFailure(writer, database, e);
            throw e;
        }
    }

    private static void closeAfterFailure(StoreWriter writer, Database database, Exception failure) {
        writer.close(Duration.ZERO);
        try {
            database.close();
        } catch (StoreException suppressed) {
            failure.addSuppressed(suppressed);
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

    /** The e-participation statistics, kept when meetings are deleted. */
    public StatisticsStore statistics() {
        return statistics;
    }

    public SettingsStore settings() {
        return settings;
    }

    public AccountStore accounts() {
        return accounts;
    }

    /** The recordings' metadata. */
    public RecordingStore recordings() {
        return recordings;
    }

    /** The meetings' final captions; also the meetings' {@link org.parley.signaling.captions.CaptionArchive}. */
    public CaptionStore captions() {
        return captions;
    }

    /** The store's thread: where work that must not block its caller runs. */
    public StoreWriter writer() {
        return writer;
    }

    /** The backups of this store. */
    public StoreBackups backups() {
        return backups;
    }

    /** How many times a lost database connection was reopened. */
    public long reconnects() {
        return database.reopens();
    }

    /** The open JDBC connection, for tests that break it under the store. */
    Optional<Connection> connectionForTests() {
        return Optional.ofNullable(database.connectionForTests());
    }

    /** Registers the store's meters ({@code parley_store_…}) in {@code registry}. */
    public void registerMeters(MeterRegistry registry) {
        writer.registerMeters(registry);
        FunctionCounter.builder("parley.store.reconnects", database, Database::reopens)
                .description("Lost store connections reopened").register(registry);
        FunctionCounter.builder("parley.store.operation.failures", database, Database::failures)
                .description("Store transactions that failed (a log write counts each attempt)").register(registry);
        backups.registerMeters(registry);
    }

    /** Finishes the queued writes (a few seconds at most), then closes the database. */
    @Override
    public void close() throws StoreException {
        writer.close();
        database.close();
    }
}
