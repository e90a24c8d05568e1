package org.parley.signaling.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The participation log: the {@code participation} and {@code channel_time} tables. Joins and leaves
 * are queued to the store's thread ({@link StoreWriter}) and return at once: they are called from
 * Netty event loops, under a meeting's lock. One thread writes them in the order queued, so a leave
 * never lands before its join; reads queue behind the writes, so they see every write queued before.
 */
public final class ParticipationStore {

    private final Database database;
    private final StoreWriter writer;

    ParticipationStore(Database database, StoreWriter writer) {
        this.database = database;
        this.writer = writer;
    }

    /**
     * Queues the log of a join ({@code leftAt} and {@code channelMillis} of the record are ignored).
     * A write that fails is retried, then dropped and counted ({@link StoreWriter}).
     */
    public void joined(ParticipationRecord record) {
        String what = "log the join of " + record.participantId();
        writer.write(what, () -> insertJoin(what, record));
    }

    /** Queues the log of a leave with how long the participant listened to each channel. */
    public void left(String participantId, Instant leftAt, Map<String, Long> channelMillis) {
        String what = "log the leave of " + participantId;
        Map<String, Long> channels = Map.copyOf(channelMillis);
        writer.write(what, () -> updateLeave(what, participantId, leftAt, channels));
    }

    private void insertJoin(String what, ParticipationRecord record) throws StoreException {
        database.transaction(what, connection -> {
            // MERGE: a retry after a commit that succeeded but reported failure writes the same row again.
            try (PreparedStatement insert = connection.prepareStatement("MERGE INTO participation "
                    + "(id, meeting_id, invitation_id, role, name, joined_at) KEY (id) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, record.participantId());
                insert.setString(2, record.meetingId());
                insert.setString(3, record.invitationId());
                insert.setString(4, record.role());
                insert.setString(5, record.name());
                SqlTime.set(insert, 6, record.joinedAt());
                return insert.executeUpdate();
            }
        });
    }

    private void updateLeave(String what, String participantId, Instant leftAt, Map<String, Long> channelMillis)
            throws StoreException {
        database.transaction(what, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE participation SET left_at = ? WHERE id = ?");
                 PreparedStatement insert = connection.prepareStatement("MERGE INTO channel_time "
                         + "(participation_id, channel, millis) KEY (participation_id, channel) VALUES (?, ?, ?)")) {
                SqlTime.set(update, 1, leftAt);
                update.setString(2, participantId);
                if (update.executeUpdate() == 0) {
                    return 0; // the join was never logged (the store failed then); nothing to attach to
                }
                for (Map.Entry<String, Long> channel : channelMillis.entrySet()) {
                    insert.setString(1, participantId);
                    insert.setString(2, channel.getKey());
                    insert.setLong(3, channel.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
                return 1;
            }
        });
    }

    /** The log of one meeting, in order of joining, with every write queued before this call. */
    public List<ParticipationRecord> forMeeting(String meetingId) throws StoreException {
        String what = "read the participation log of " + meetingId;
        return writer.call(what, () -> read(meetingId));
    }

    private List<ParticipationRecord> read(String meetingId) throws StoreException {
        return database.transaction("read the participation log of " + meetingId, connection -> {
            Map<String, Map<String, Long>> channels = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT c.participation_id, c.channel, c.millis "
                    + "FROM channel_time c JOIN participation p ON p.id = c.participation_id WHERE p.meeting_id = ? "
                    + "ORDER BY c.channel")) {
                select.setString(1, meetingId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        channels.computeIfAbsent(rows.getString(1), id -> new LinkedHashMap<>())
                                .put(rows.getString(2), rows.getLong(3));
                    }
                }
            }
            List<ParticipationRecord> log = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, meeting_id, invitation_id, role, name, "
                    + "joined_at, left_at FROM participation WHERE meeting_id = ? ORDER BY joined_at, id")) {
                select.setString(1, meetingId);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        String id = row.getString("id");
                        log.add(new ParticipationRecord(id, row.getString("meeting_id"), row.getString("invitation_id"),
                                row.getString("role"), row.getString("name"), SqlTime.get(row, "joined_at"),
                                SqlTime.get(row, "left_at"), channels.getOrDefault(id, Map.of())));
                    }
                }
            }
            return log;
        });
    }
}
