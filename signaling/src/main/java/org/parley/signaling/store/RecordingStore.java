package org.parley.signaling.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recordings' metadata: the {@code recordings} and {@code recording_files} tables. */
public final class RecordingStore {

    private static final String COLUMNS = "id, meeting_id, directory, started_at, stopped_at, started_by";

    private final Database database;

    RecordingStore(Database database) {
        this.database = database;
    }

    /** A recording that has just started (no files yet). */
    public void started(RecordingRecord recording) throws StoreException {
        database.transaction("store recording " + recording.id(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO recordings (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, recording.id());
                insert.setString(2, recording.meetingId());
                insert.setString(3, recording.directory());
                SqlTime.set(insert, 4, recording.startedAt());
                SqlTime.set(insert, 5, recording.stoppedAt());
                insert.setString(6, recording.startedBy());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The recording stopped at {@code stoppedAt} with {@code files} (replacing any stored before). */
    public void stopped(String id, Instant stoppedAt, List<RecordingRecord.File> files) throws StoreException {
        database.transaction("complete recording " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE recordings SET stopped_at = ? WHERE id = ?")) {
                SqlTime.set(update, 1, stoppedAt);
                update.setString(2, id);
                update.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM recording_files WHERE recording_id = ?")) {
                delete.setString(1, id);
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO recording_files"
                    + " (recording_id, language, started_at, ended_at, duration_millis, bytes) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (RecordingRecord.File file : files) {
                    insert.setString(1, id);
                    insert.setString(2, file.language());
                    SqlTime.set(insert, 3, file.startedAt());
                    SqlTime.set(insert, 4, file.endedAt());
                    insert.setLong(5, file.durationMillis());
                    insert.setLong(6, file.bytes());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** The meeting's recordings, oldest first, with their files. */
    public List<RecordingRecord> forMeeting(String meetingId) throws StoreException {
        return database.transaction("list the recordings of " + meetingId, connection ->
                select(connection, "WHERE meeting_id = ? ORDER BY started_at, id", meetingId));
    }

    /** One recording with its files, or null. */
    public RecordingRecord get(String id) throws StoreException {
        List<RecordingRecord> found = database.transaction("read recording " + id, connection ->
                select(connection, "WHERE id = ?", id));
        return found.isEmpty() ? null : found.getFirst();
    }

    /** Recordings a crash left without an end, for completing from their files. */
    public List<RecordingRecord> unfinished() throws StoreException {
        return database.transaction("list the unfinished recordings", connection ->
                select(connection, "WHERE stopped_at IS NULL ORDER BY started_at, id", null));
    }

    /** Recordings started before {@code before} that have stopped: the retention sweep's. */
    public List<RecordingRecord> stoppedBefore(Instant before) throws StoreException {
        return database.transaction("list the recordings to delete", connection -> {
            List<RecordingRecord> all = select(connection, "WHERE stopped_at IS NOT NULL ORDER BY started_at, id", null);
            return all.stream().filter(recording -> recording.startedAt().isBefore(before)).toList();
        });
    }

    /** Forgets a recording and its files' rows; false if there was none. */
    public boolean delete(String id) throws StoreException {
        return database.transaction("delete recording " + id, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM recordings WHERE id = ?")) {
                delete.setString(1, id);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static List<RecordingRecord> select(Connection connection, String where, String parameter)
            throws SQLException {
        Map<String, RecordingRecord> recordings = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM recordings " + where)) {
            if (parameter != null) {
                select.setString(1, parameter);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    recordings.put(rows.getString("id"), new RecordingRecord(rows.getString("id"),
                            rows.getString("meeting_id"), rows.getString("directory"), SqlTime.get(rows, "started_at"),
                            SqlTime.get(rows, "stopped_at"), rows.getString("started_by"), List.of()));
                }
            }
        }
        List<RecordingRecord> withFiles = new ArrayList<>(recordings.size());
        try (PreparedStatement files = connection.prepareStatement("SELECT language, started_at, ended_at,"
                + " duration_millis, bytes FROM recording_files WHERE recording_id = ? ORDER BY started_at, language")) {
            for (RecordingRecord recording : recordings.values()) {
                files.setString(1, recording.id());
                List<RecordingRecord.File> list = new ArrayList<>();
                try (ResultSet rows = files.executeQuery()) {
                    while (rows.next()) {
                        list.add(new RecordingRecord.File(rows.getString("language"), SqlTime.get(rows, "started_at"),
                                SqlTime.get(rows, "ended_at"), rows.getLong("duration_millis"), rows.getLong("bytes")));
                    }
                }
                withFiles.add(recording.withFiles(list));
            }
        }
        return withFiles;
    }
}
