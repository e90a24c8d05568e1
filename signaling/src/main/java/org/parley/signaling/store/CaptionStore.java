package org.parley.signaling.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.parley.signaling.captions.ArchivedCaption;
import org.parley.signaling.captions.Caption;
import org.parley.signaling.captions.CaptionArchive;
import org.parley.signaling.captions.CaptionSource;

/**
 * The meetings' final captions: the {@code captions} table. Finals are written on the store's thread (the
 * meeting only queues them, under its lock), retried, and dropped and counted if the store cannot take them.
 */
public final class CaptionStore implements CaptionArchive {

    private final Database database;
    private final StoreWriter writer;

    CaptionStore(Database database, StoreWriter writer) {
        this.database = database;
        this.writer = writer;
    }

    /** Queues the final {@code caption}; never blocks. */
    @Override
    public void keep(String meetingId, Instant clockOrigin, Caption caption) {
        String what = "store caption " + caption.segmentId() + " of " + meetingId;
        writer.write(what, () -> insert(what, meetingId, clockOrigin, caption));
    }

    private void insert(String what, String meetingId, Instant clockOrigin, Caption caption) throws StoreException {
        database.transaction(what, connection -> {
            // MERGE: a retry after a commit that succeeded but reported failure writes the same row again.
            try (PreparedStatement insert = connection.prepareStatement("MERGE INTO captions (meeting_id, segment_id,"
                    + " language, source, clock_origin, start_ms, end_ms, text) KEY (meeting_id, segment_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, meetingId);
                insert.setString(2, caption.segmentId());
                insert.setString(3, caption.language());
                insert.setString(4, caption.source().wireName());
                SqlTime.set(insert, 5, clockOrigin);
                insert.setLong(6, caption.startMs());
                insert.setLong(7, caption.endMs());
                insert.setString(8, caption.text());
                insert.executeUpdate();
            }
            return null;
        });
    }

    /** The finals of {@code meetingId} in {@code language}, in the order of their clocks and starts. */
    public List<ArchivedCaption> forMeeting(String meetingId, String language) throws StoreException {
        return database.transaction("read the " + language + " captions of " + meetingId, connection -> {
            List<ArchivedCaption> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT segment_id, source, clock_origin,"
                    + " start_ms, end_ms, text FROM captions WHERE meeting_id = ? AND language = ?"
                    + " ORDER BY clock_origin, start_ms, end_ms, segment_id")) {
                select.setString(1, meetingId);
                select.setString(2, language);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        CaptionSource source = CaptionSource.fromWireName(rows.getString("source"));
                        found.add(new ArchivedCaption(SqlTime.get(rows, "clock_origin"), new Caption(
                                rows.getString("segment_id"), language, source == null ? CaptionSource.CAPTIONER : source,
                                rows.getLong("start_ms"), rows.getLong("end_ms"), rows.getString("text"), true)));
                    }
                }
            }
            return found;
        });
    }
}
