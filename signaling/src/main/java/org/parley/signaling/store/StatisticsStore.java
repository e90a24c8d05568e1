package org.parley.signaling.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The e-participation statistics: the {@code stat_meetings}, {@code stat_participations} and
 * {@code stat_channel_time} tables. Append-only: a join adds a row, heartbeats and the leave complete it,
 * nothing deletes it (deleting a meeting leaves its statistics whole). Writes are queued to the store's
 * thread ({@link StoreWriter}) and return at once, in the order queued; reads queue behind them.
 */
public final class StatisticsStore {

    private static final int MAX_TITLE_LENGTH = 200;
    private static final String COLUMNS = "p.id, p.meeting_id, m.title, p.invitation_id, p.role, p.access, p.country, "
            + "p.organisation, p.joined_at, p.left_at, p.leave_reason, p.quality_samples, p.mean_loss_percent, "
            + "p.worst_loss_percent, p.mean_jitter_millis, p.worst_jitter_millis, p.mean_rtt_millis, p.worst_rtt_millis, "
            + "p.mean_mos, p.min_mos, m.webcast_listeners";
    private static final String QUALITY_COLUMNS = "quality_samples = ?, mean_loss_percent = ?, worst_loss_percent = ?, "
            + "mean_jitter_millis = ?, worst_jitter_millis = ?, mean_rtt_millis = ?, worst_rtt_millis = ?, mean_mos = ?, "
            + "min_mos = ?";

    private final Database database;
    private final StoreWriter writer;

    StatisticsStore(Database database, StoreWriter writer) {
        this.database = database;
        this.writer = writer;
    }

    /**
     * Queues the record of a join ({@code leftAt}, {@code leaveReason}, {@code channelMillis},
     * {@code quality}, {@code country} and {@code organisation} of {@code join} are ignored): the
     * invitation's country and organisation are copied from the invitations table as the row is written,
     * so a join never waits for the disk, and the meeting's title and owner are kept with the meeting's
     * statistics.
     */
    public void joined(StatisticsRecord join) {
        String what = "record the statistics of the join of " + join.participationId();
        writer.write(what, () -> database.transaction(what, connection -> insertJoin(connection, join)));
    }

    private static int insertJoin(Connection connection, StatisticsRecord join) throws SQLException {
        try (PreparedStatement meeting = connection.prepareStatement(
                "MERGE INTO stat_meetings (meeting_id, title, owner) KEY (meeting_id) "
                        + "VALUES (?, ?, (SELECT owner FROM meetings WHERE id = ?))")) {
            meeting.setString(1, join.meetingId());
            meeting.setString(2, title(join.meetingTitle()));
            meeting.setString(3, join.meetingId());
            meeting.executeUpdate();
        }
        String country = null;
        String organisation = null;
        if (join.invitationId() != null) {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT country, organisation FROM invitations WHERE id = ?")) {
                select.setString(1, join.invitationId());
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        country = row.getString(1);
                        organisation = row.getString(2);
                    }
                }
            }
        }
        // MERGE: a retry after a commit that succeeded but reported failure writes the same row again.
        try (PreparedStatement insert = connection.prepareStatement("MERGE INTO stat_participations (id, meeting_id, "
                + "invitation_id, role, access, country, organisation, joined_at, alive_at) KEY (id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, join.participationId());
            insert.setString(2, join.meetingId());
            insert.setString(3, join.invitationId());
            insert.setString(4, join.role());
            insert.setString(5, join.access());
            insert.setString(6, country);
            insert.setString(7, organisation);
            SqlTime.set(insert, 8, join.joinedAt());
            SqlTime.set(insert, 9, join.joinedAt());
            return insert.executeUpdate();
        }
    }

    private static String title(String title) {
        return title.length() > MAX_TITLE_LENGTH ? title.substring(0, MAX_TITLE_LENGTH) : title;
    }

    /**
     * Queues a heartbeat: the participations in {@code live} are still there at {@code aliveAt}, with what
     * they accumulated so far. One transaction for all of them. A participation whose join row is missing
     * (its write failed) or that has left meanwhile is passed over.
     */
    public void heartbeat(Instant aliveAt, List<ParticipationProgress> live) {
        if (live.isEmpty()) {
            return;
        }
        List<ParticipationProgress> copy = List.copyOf(live);
        String what = "record a statistics heartbeat of " + copy.size() + " participations";
        writer.write(what, () -> database.transaction(what, connection -> update(connection, copy, aliveAt, null, null)));
    }

    /**
     * Writes a heartbeat now, on the store's thread (directly when called there), before what is queued
     * after this call: a report then shows the live participations up to now.
     */
    public void heartbeatNow(Instant aliveAt, List<ParticipationProgress> live) throws StoreException {
        if (live.isEmpty()) {
            return;
        }
        String what = "record a statistics heartbeat of " + live.size() + " participations";
        writer.call(what, () -> database.transaction(what, connection -> update(connection, live, aliveAt, null, null)));
    }

    /**
     * Queues the webcast's estimated listeners of meeting {@code meetingId} now: its {@code webcast_listeners}
     * becomes the larger of what it was and {@code listeners} (the peak, also across restarts). A meeting
     * nobody joined yet gets its row here, with {@code title} and its owner.
     */
    public void webcastListeners(String meetingId, String title, int listeners) {
        String what = "record the webcast listeners of " + meetingId;
        writer.write(what, () -> database.transaction(what, connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE stat_meetings SET webcast_listeners = "
                    + "GREATEST(COALESCE(webcast_listeners, 0), ?) WHERE meeting_id = ?")) {
                update.setInt(1, listeners);
                update.setString(2, meetingId);
                if (update.executeUpdate() > 0) {
                    return 1;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO stat_meetings (meeting_id, title, "
                    + "owner, webcast_listeners) VALUES (?, ?, (SELECT owner FROM meetings WHERE id = ?), ?)")) {
                insert.setString(1, meetingId);
                insert.setString(2, title(title));
                insert.setString(3, meetingId);
                insert.setInt(4, listeners);
                return insert.executeUpdate();
            }
        }));
    }

    /** Queues the leave of a participation, with its final progress and why it left. */
    public void left(ParticipationProgress progress, Instant leftAt, String reason) {
        String what = "record the statistics of the leave of " + progress.participationId();
        writer.write(what, () -> database.transaction(what,
                connection -> update(connection, List.of(progress), leftAt, leftAt, reason)));
    }

    /**
     * Writes the progress of open participations at {@code aliveAt}; with a {@code leftAt}, closes them too.
     * Channel times are written only for the rows updated (the foreign key would fail the whole batch).
     */
    private static int update(Connection connection, List<ParticipationProgress> progress, Instant aliveAt,
                              Instant leftAt, String reason) throws SQLException {
        String sql = "UPDATE stat_participations SET alive_at = ?, " + QUALITY_COLUMNS
                + (leftAt != null ? ", left_at = ?, leave_reason = ?" : "") + " WHERE id = ? AND left_at IS NULL";
        int[] updated;
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            for (ParticipationProgress one : progress) {
                SqlTime.set(update, 1, aliveAt);
                int next = setQuality(update, 2, one.quality());
                if (leftAt != null) {
                    SqlTime.set(update, next++, leftAt);
                    update.setString(next++, reason);
                }
                update.setString(next, one.participationId());
                update.addBatch();
            }
            updated = update.executeBatch();
        }
        int rows = 0;
        try (PreparedStatement merge = connection.prepareStatement("MERGE INTO stat_channel_time "
                + "(participation_id, channel, millis) KEY (participation_id, channel) VALUES (?, ?, ?)")) {
            for (int i = 0; i < updated.length; i++) {
                if (updated[i] == 0) {
                    continue;
                }
                rows++;
                ParticipationProgress one = progress.get(i);
                for (Map.Entry<String, Long> channel : one.channelMillis().entrySet()) {
                    merge.setString(1, one.participationId());
                    merge.setString(2, channel.getKey());
                    merge.setLong(3, channel.getValue());
                    merge.addBatch();
                }
            }
            merge.executeBatch();
        }
        return rows;
    }

    private static int setQuality(PreparedStatement statement, int first, QualitySummary quality) throws SQLException {
        int index = first;
        statement.setInt(index++, quality.samples());
        for (Double value : new Double[] {quality.meanLossPercent(), quality.worstLossPercent(), quality.meanJitterMillis(),
                quality.worstJitterMillis(), quality.meanRttMillis(), quality.worstRttMillis(), quality.meanMos(),
                quality.minMos()}) {
            if (value == null) {
                statement.setNull(index++, Types.DOUBLE);
            } else {
                statement.setDouble(index++, value);
            }
        }
        return index;
    }

    /**
     * Closes every participation still open, as after a crash: it left at its last heartbeat, for
     * {@code reason}. Called at start, before anyone joins; waits for the store.
     *
     * @return how many were closed
     */
    public int closeOpen(String reason) throws StoreException {
        String what = "close the statistics of participations open at start";
        return writer.call(what, () -> database.transaction(what, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE stat_participations SET left_at = alive_at, leave_reason = ? WHERE left_at IS NULL")) {
                update.setString(1, reason);
                return update.executeUpdate();
            }
        }));
    }

    /** The participations that joined in {@code [from, until)}, in order of joining, with every write queued before. */
    public StatisticsRows joinedBetween(Instant from, Instant until) throws StoreException {
        String what = "read the statistics from " + from + " until " + until;
        return writer.call(what, () -> read(what, "p.joined_at >= ? AND p.joined_at < ?", select -> {
            SqlTime.set(select, 1, from);
            SqlTime.set(select, 2, until);
        }));
    }

    /** The participations of one meeting, in order of joining, with every write queued before. */
    public StatisticsRows forMeeting(String meetingId) throws StoreException {
        String what = "read the statistics of meeting " + meetingId;
        return writer.call(what, () -> read(what, "p.meeting_id = ?", select -> select.setString(1, meetingId)));
    }

    /**
     * The meetings whose statistics record {@code owner} as their owner, deleted meetings included, with
     * every write queued before.
     */
    public Set<String> meetingsOwnedBy(String owner) throws StoreException {
        String what = "read the meetings of " + owner + " in the statistics";
        return writer.call(what, () -> database.transaction(what, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT meeting_id FROM stat_meetings WHERE owner = ?")) {
                select.setString(1, owner);
                Set<String> meetingIds = new HashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        meetingIds.add(rows.getString(1));
                    }
                }
                return meetingIds;
            }
        }));
    }

    @FunctionalInterface
    private interface Parameters {
        void set(PreparedStatement select) throws SQLException;
    }

    private StatisticsRows read(String what, String condition, Parameters parameters) throws StoreException {
        return database.transaction(what, connection -> {
            Map<String, Map<String, Long>> channels = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT c.participation_id, c.channel, c.millis "
                    + "FROM stat_channel_time c JOIN stat_participations p ON p.id = c.participation_id WHERE " + condition)) {
                parameters.set(select);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        channels.computeIfAbsent(rows.getString(1), id -> new HashMap<>()).put(rows.getString(2), rows.getLong(3));
                    }
                }
            }
            List<StatisticsRecord> records = new ArrayList<>();
            Map<String, Integer> webcast = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM stat_participations p "
                    + "LEFT JOIN stat_meetings m ON m.meeting_id = p.meeting_id WHERE " + condition
                    + " ORDER BY p.joined_at, p.id")) {
                parameters.set(select);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        String id = row.getString(1);
                        String meetingId = row.getString(2);
                        QualitySummary quality = new QualitySummary(row.getInt(12), row.getObject(13, Double.class),
                                row.getObject(14, Double.class), row.getObject(15, Double.class), row.getObject(16, Double.class),
                                row.getObject(17, Double.class), row.getObject(18, Double.class), row.getObject(19, Double.class),
                                row.getObject(20, Double.class));
                        records.add(new StatisticsRecord(id, meetingId, row.getString(3), row.getString(4), row.getString(5),
                                row.getString(6), row.getString(7), row.getString(8), SqlTime.get(row, "joined_at"),
                                SqlTime.get(row, "left_at"), row.getString(11), channels.getOrDefault(id, Map.of()), quality));
                        Integer listeners = row.getObject(21, Integer.class);
                        if (listeners != null) {
                            webcast.put(meetingId, listeners);
                        }
                    }
                }
            }
            return new StatisticsRows(records, webcast);
        });
    }
}
