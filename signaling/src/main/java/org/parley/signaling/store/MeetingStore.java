package org.parley.signaling.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.parley.signaling.meeting.FloorMode;

/** The {@code meetings} and {@code booths} tables. */
public final class MeetingStore {

    private static final String SELECT = "SELECT id, title, starts_at, ends_at, languages, floor_language, tier_policy, "
            + "is_open, floor_control, anonymous_observers, webcast, created_at, ended_at, owner FROM meetings";

    private final Database database;
    private final InvitationStore invitations;

    MeetingStore(Database database, InvitationStore invitations) {
        this.database = database;
        this.invitations = invitations;
    }

    /** Stores a new meeting; false if one with that id exists already. */
    public boolean insert(StoredMeeting meeting) throws StoreException {
        return database.transaction("create meeting " + meeting.id(), connection -> {
            if (exists(connection, meeting.id())) {
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO meetings (id, title, starts_at, ends_at, "
                    + "languages, floor_language, tier_policy, is_open, floor_control, anonymous_observers, webcast, created_at, "
                    + "ended_at, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, meeting.id());
                setSpec(insert, 2, meeting.spec());
                SqlTime.set(insert, 12, meeting.createdAt());
                SqlTime.set(insert, 13, meeting.endedAt());
                insert.setString(14, meeting.owner());
                insert.executeUpdate();
            }
            insertBooths(connection, meeting.id(), meeting.spec().booths());
            return true;
        });
    }

    /** Replaces what the organizer said about a meeting; false if there is no such meeting. */
    public boolean update(String id, MeetingSpec spec) throws StoreException {
        return database.transaction("update meeting " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE meetings SET title = ?, starts_at = ?, "
                    + "ends_at = ?, languages = ?, floor_language = ?, tier_policy = ?, is_open = ?, floor_control = ?, "
                    + "anonymous_observers = ?, webcast = ? WHERE id = ?")) {
                setSpec(update, 1, spec);
                update.setString(11, id);
                if (update.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM booths WHERE meeting_id = ?")) {
                delete.setString(1, id);
                delete.executeUpdate();
            }
            insertBooths(connection, id, spec.booths());
            return true;
        });
    }

    /** Records that the meeting ended; false if there is no such meeting. */
    public boolean markEnded(String id, Instant endedAt) throws StoreException {
        return database.transaction("end meeting " + id, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE meetings SET ended_at = ? WHERE id = ? AND ended_at IS NULL")) {
                SqlTime.set(update, 1, endedAt);
                update.setString(2, id);
                return update.executeUpdate() > 0 || exists(connection, id);
            }
        });
    }

    /**
     * Deletes the meeting with its booths, invitations, revocations and participation log; false if unknown.
     * The meeting's tokens are refused from then on, even if a meeting of the same id is created again.
     */
    public boolean delete(String id) throws StoreException {
        boolean deleted = database.transaction("delete meeting " + id, connection -> {
            try (PreparedStatement log = connection.prepareStatement("DELETE FROM participation WHERE meeting_id = ?");
                 PreparedStatement meeting = connection.prepareStatement("DELETE FROM meetings WHERE id = ?")) {
                log.setString(1, id);
                log.executeUpdate();
                meeting.setString(1, id);
                return meeting.executeUpdate() > 0;
            }
        });
        if (deleted) {
            invitations.forgetMeeting(id);
        }
        return deleted;
    }

    public Optional<StoredMeeting> find(String id) throws StoreException {
        return database.transaction("read meeting " + id, connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE id = ?")) {
                select.setString(1, id);
                List<StoredMeeting> found = read(connection, select);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
            }
        });
    }

    /** Every stored meeting, oldest first. */
    public List<StoredMeeting> all() throws StoreException {
        return database.transaction("list meetings", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " ORDER BY created_at, id")) {
                return read(connection, select);
            }
        });
    }

    /** The meetings {@code owner} created, oldest first. */
    public List<StoredMeeting> ownedBy(String owner) throws StoreException {
        return database.transaction("list the meetings of " + owner, connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE owner = ? ORDER BY created_at, id")) {
                select.setString(1, owner);
                return read(connection, select);
            }
        });
    }

    private static boolean exists(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM meetings WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Sets the nine spec columns starting at {@code first}. */
    private static void setSpec(PreparedStatement statement, int first, MeetingSpec spec) throws SQLException {
        statement.setString(first, spec.title());
        statement.setObject(first + 1, spec.schedule() == null ? null : spec.schedule().start());
        statement.setObject(first + 2, spec.schedule() == null ? null : spec.schedule().end());
        statement.setString(first + 3, String.join(",", spec.languages()));
        statement.setString(first + 4, spec.floorLanguage());
        statement.setString(first + 5, String.join(",", spec.tierPolicy()));
        statement.setBoolean(first + 6, spec.open());
        statement.setString(first + 7, spec.floorControl().wireName());
        statement.setBoolean(first + 8, spec.anonymousObservers());
        statement.setBoolean(first + 9, spec.webcast());
    }

    private static void insertBooths(Connection connection, String meetingId, List<Booth> booths) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO booths (meeting_id, language, relay_source, position) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < booths.size(); i++) {
                insert.setString(1, meetingId);
                insert.setString(2, booths.get(i).language());
                insert.setString(3, booths.get(i).relaySource());
                insert.setInt(4, i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static List<StoredMeeting> read(Connection connection, PreparedStatement select) throws SQLException {
        Map<String, StoredMeeting> meetings = new LinkedHashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString("id");
                OffsetDateTime start = rows.getObject("starts_at", OffsetDateTime.class);
                OffsetDateTime end = rows.getObject("ends_at", OffsetDateTime.class);
                MeetingSpec spec = new MeetingSpec(rows.getString("title"),
                        start == null ? null : new Schedule(start, end),
                        split(rows.getString("languages")), rows.getString("floor_language"),
                        booths(connection, id), split(rows.getString("tier_policy")), rows.getBoolean("is_open"),
                        floorMode(rows.getString("floor_control")), rows.getBoolean("anonymous_observers"),
                        rows.getBoolean("webcast"));
                meetings.put(id, new StoredMeeting(id, spec, SqlTime.get(rows, "created_at"), SqlTime.get(rows, "ended_at"),
                        rows.getString("owner")));
            }
        }
        return new ArrayList<>(meetings.values());
    }

    private static List<Booth> booths(Connection connection, String meetingId) throws SQLException {
        List<Booth> booths = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT language, relay_source FROM booths WHERE meeting_id = ? ORDER BY position")) {
            select.setString(1, meetingId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    booths.add(new Booth(rows.getString("language"), rows.getString("relay_source")));
                }
            }
        }
        return booths;
    }

    /** A value this store did not write (edited by hand) reads as the safe default, chaired. */
    private static FloorMode floorMode(String wireName) {
        FloorMode mode = FloorMode.fromWireName(wireName);
        return mode == null ? FloorMode.CHAIRED : mode;
    }

    private static List<String> split(String commaSeparated) {
        return commaSeparated.isEmpty() ? List.of() : Arrays.asList(commaSeparated.split(","));
    }
}
