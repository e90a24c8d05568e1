package org.parley.signaling.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.auth.InvitationStatus;
import org.parley.signaling.auth.Role;
import org.parley.signaling.meeting.FloorMode;

class ParleyStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final MeetingSpec SPEC = new MeetingSpec("Council",
            new Schedule(OffsetDateTime.parse("2026-12-01T09:00+01:00"), OffsetDateTime.parse("2026-12-01T12:00+01:00")),
            List.of("en", "fr", "es"), "en", List.of(new Booth("fr", "floor"), new Booth("es", "fr")),
            List.of("studio", "low"), false);

    @TempDir
    Path dir;

    /** A meeting's description, for other tests of the store. */
    static MeetingSpec spec() {
        return SPEC;
    }

    @Test
    void migrationsRunOnceAndAreRecorded() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            assertEquals(8, store.schemaVersion());
        }
        try (ParleyStore store = ParleyStore.open(dir)) {
            assertEquals(8, store.schemaVersion());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("parley"), "parley", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, script FROM schema_version ORDER BY version")) {
            assertTrue(rows.next());
            assertEquals(1, rows.getInt(1));
            assertEquals("001-initial.sql", rows.getString(2));
            assertTrue(rows.next());
            assertEquals(2, rows.getInt(1));
            assertEquals("002-floor-control.sql", rows.getString(2));
            assertTrue(rows.next());
            assertEquals(3, rows.getInt(1));
            assertEquals("003-accounts.sql", rows.getString(2));
            assertTrue(rows.next());
            assertEquals(4, rows.getInt(1));
            assertEquals("004-statistics.sql", rows.getString(2));
            assertTrue(rows.next());
            assertEquals(5, rows.getInt(1));
            assertEquals("005-anonymous-observers.sql", rows.getString(2));
            assertTrue(rows.next());
            assertEquals(6, rows.getInt(1));
            assertEquals("006-recordings.sql", rows.getString(2));
            assertTrue(rows.next());
            assertEquals(7, rows.getInt(1));
            assertEquals("007-webcast.sql", rows.getString(2));
            assertTrue(rows.next());
            assertEquals(8, rows.getInt(1));
            assertEquals("008-captions.sql", rows.getString(2));
            assertFalse(rows.next(), "applied exactly once");
        }
    }

    /** A store written by a server of schema version 1 (before floor control): its meetings come back chaired. */
    @Test
    void meetingsStoredBeforeFloorControlAreChaired() throws Exception {
        String initial;
        try (InputStream script = SchemaMigrations.class.getResourceAsStream("migrations/001-initial.sql")) {
            initial = new String(script.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("parley"), "parley", "");
             Statement statement = connection.createStatement()) {
            for (String sql : SchemaMigrations.statements(initial)) {
                statement.execute(sql);
            }
            statement.execute("CREATE TABLE schema_version (version INT PRIMARY KEY, script VARCHAR(200) NOT NULL, "
                    + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            statement.execute("INSERT INTO schema_version VALUES (1, '001-initial.sql', CURRENT_TIMESTAMP)");
            statement.execute("INSERT INTO meetings (id, title, languages, floor_language, tier_policy, is_open, "
                    + "created_at) VALUES ('old', 'Old', 'en,fr', 'en', 'studio', FALSE, CURRENT_TIMESTAMP)");
        }

        try (ParleyStore store = ParleyStore.open(dir)) {
            assertEquals(8, store.schemaVersion());
            assertEquals(FloorMode.CHAIRED, store.meetings().find("old").orElseThrow().spec().floorControl());
            assertFalse(store.meetings().find("old").orElseThrow().spec().anonymousObservers(),
                    "a meeting stored before the setting admits no anonymous observers of its own");
            assertFalse(store.meetings().find("old").orElseThrow().spec().webcast(), "stored before the webcast: off");
        }
    }

    @Test
    void scriptsSplitIntoStatementsWithoutComments() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE INDEX b ON a (x)"),
                SchemaMigrations.statements("-- header; with a semicolon\nCREATE TABLE a (x INT); -- trailing\n\n"
                        + "CREATE INDEX b ON a (x);\n"));
    }

    @Test
    void everythingSurvivesReopening() throws Exception {
        byte[] tokenKey;
        try (ParleyStore store = ParleyStore.open(dir)) {
            assertTrue(store.meetings().insert(new StoredMeeting("council", SPEC, T0, null)));
            assertFalse(store.meetings().insert(new StoredMeeting("council", SPEC, T0, null)), "ids are unique");
            store.invitations().insert(new Invitation("i-1", "council", Role.INTERPRETER, "fr", "Camille",
                    T0.plusSeconds(3600), T0));
            store.invitations().insert(new Invitation("i-2", "council", Role.OBSERVER, null, null, T0.plusSeconds(60), T0));
            assertTrue(store.invitations().revoke("council", "i-2", T0.plusSeconds(5)));
            assertFalse(store.invitations().revoke("other", "i-1", T0), "scoped to its meeting");
            store.participation().joined(new ParticipationRecord("p-1", "council", "i-1", "interpreter", "Camille",
                    T0.plusSeconds(10), null, Map.of()));
            store.participation().left("p-1", T0.plusSeconds(70), Map.of("p-9/0", 42_000L, "p-8/0", 1_500L));
            assertTrue(store.meetings().markEnded("council", T0.plusSeconds(80)));
            tokenKey = store.settings().tokenKey(new SecureRandom());
        }

        try (ParleyStore store = ParleyStore.open(dir)) {
            StoredMeeting meeting = store.meetings().find("council").orElseThrow();
            assertEquals(new StoredMeeting("council", SPEC, T0, T0.plusSeconds(80)), meeting);
            assertEquals(List.of(meeting), store.meetings().all());
            assertEquals("Camille", store.invitations().find("council", "i-1").orElseThrow().name());
            assertEquals(InvitationStatus.State.REVOKED, store.invitations().state("i-2"));
            assertEquals(InvitationStatus.State.LIVE, store.invitations().state("i-1"));
            assertEquals(List.of(new ParticipationRecord("p-1", "council", "i-1", "interpreter", "Camille",
                    T0.plusSeconds(10), T0.plusSeconds(70), Map.of("p-9/0", 42_000L, "p-8/0", 1_500L))),
                    store.participation().forMeeting("council"));
            assertArrayEquals(tokenKey, store.settings().tokenKey(new SecureRandom()), "the token key is kept");

            assertTrue(store.meetings().delete("council"));
            assertTrue(store.meetings().find("council").isEmpty());
            assertTrue(store.invitations().find("council", "i-1").isEmpty(), "invitations go with their meeting");
            assertEquals(InvitationStatus.State.UNKNOWN, store.invitations().state("i-1"), "and their tokens with them");
            assertEquals(InvitationStatus.State.UNKNOWN, store.invitations().state("i-2"));
            assertEquals(List.of(), store.participation().forMeeting("council"));
            assertFalse(store.meetings().delete("council"));
        }
    }

    @Test
    void updateReplacesTheSpecAndItsBooths() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.meetings().insert(new StoredMeeting("council", SPEC, T0, null));
            assertEquals(FloorMode.CHAIRED, store.meetings().find("council").orElseThrow().spec().floorControl());
            MeetingSpec changed = new MeetingSpec("Council II", null, List.of("en", "ru"), "ru",
                    List.of(new Booth("en", "floor")), List.of("minimal"), true, FloorMode.OPEN, true, true);

            assertTrue(store.meetings().update("council", changed));
            assertFalse(store.meetings().update("nope", changed));

            assertEquals(changed, store.meetings().find("council").orElseThrow().spec());
        }
    }
}
