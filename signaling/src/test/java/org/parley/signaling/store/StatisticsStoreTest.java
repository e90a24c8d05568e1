package org.parley.signaling.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.accounts.AccountRole;
import org.parley.signaling.auth.Role;

class StatisticsStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final QualitySummary GOOD = new QualitySummary(4, 0.5, 1.0, 3.0, 6.0, 25.0, 40.0, 4.3, 4.1);

    @TempDir
    Path dir;

    private static StatisticsRecord join(String id, String meetingId, String invitationId, Instant at) {
        return new StatisticsRecord(id, meetingId, "Council", invitationId, "delegate", "browser", null, null, at, null,
                null, Map.of(), QualitySummary.NONE);
    }

    @Test
    void aStayIsKeptWithTheInvitationsCountryAfterItsMeetingIsDeleted() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.meetings().insert(new StoredMeeting("council", ParleyStoreTest.spec(), T0, null));
            store.invitations().insert(new Invitation("i-1", "council", Role.DELEGATE, null, "Ana", T0.plusSeconds(3600), T0,
                    null, null, "CH", "Office des Nations Unies à Genève"));
            store.statistics().joined(join("p-1", "council", "i-1", T0.plusSeconds(5)));
            store.statistics().heartbeat(T0.plusSeconds(35), List.of(new ParticipationProgress("p-1",
                    Map.of("floor", 20_000L), GOOD)));
            store.statistics().left(new ParticipationProgress("p-1", Map.of("floor", 25_000L, "fr", 4_000L), GOOD),
                    T0.plusSeconds(40), "left");
            store.statistics().joined(join("p-2", "council", null, T0.plusSeconds(6)));
            store.statistics().heartbeat(T0.plusSeconds(36), List.of(new ParticipationProgress("p-2",
                    Map.of("fr", 1_000L), QualitySummary.NONE)));

            // On the store's thread behind the queued writes, as the API deletes meetings.
            assertTrue(store.writer().submit("delete council", () -> store.meetings().delete("council")).get());

            List<StatisticsRecord> rows = store.statistics().forMeeting("council").participations();
            assertEquals(List.of(new StatisticsRecord("p-1", "council", "Council", "i-1", "delegate", "browser", "CH",
                    "Office des Nations Unies à Genève", T0.plusSeconds(5), T0.plusSeconds(40), "left",
                    Map.of("floor", 25_000L, "fr", 4_000L), GOOD), new StatisticsRecord("p-2", "council", "Council", null,
                    "delegate", "browser", null, null, T0.plusSeconds(6), null, null, Map.of("fr", 1_000L),
                    QualitySummary.NONE)), rows);
        }
        // The server died with p-2 in: the next start closes it at its last heartbeat.
        try (ParleyStore store = ParleyStore.open(dir)) {
            assertEquals(1, store.statistics().closeOpen("crash"));
            StatisticsRecord crashed = store.statistics().forMeeting("council").participations().get(1);
            assertEquals(T0.plusSeconds(36), crashed.leftAt());
            assertEquals("crash", crashed.leaveReason());
            assertEquals(Map.of("fr", 1_000L), crashed.channelMillis());
            assertEquals(0, store.statistics().closeOpen("crash"), "closed once");
        }
    }

    /** Whose meeting a stay was in is kept past the meeting's deletion, and forgotten with the account, as for meetings. */
    @Test
    void theOwnerOfAMeetingIsKeptWithItsStatistics() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.accounts().insert(new Account("ana", AccountRole.ORGANISER, "z", T0));
            store.meetings().insert(new StoredMeeting("council", ParleyStoreTest.spec(), T0, null, "ana"));
            store.meetings().insert(new StoredMeeting("plenary", ParleyStoreTest.spec(), T0, null));
            store.statistics().joined(join("p-1", "council", null, T0.plusSeconds(5)));
            store.statistics().joined(join("p-2", "plenary", null, T0.plusSeconds(6)));
            store.statistics().joined(join("p-3", "configured", null, T0.plusSeconds(7))); // not in the store

            assertTrue(store.writer().submit("delete council", () -> store.meetings().delete("council")).get());
            assertEquals(Set.of("council"), store.statistics().meetingsOwnedBy("ana"));
            assertEquals(Set.of(), store.statistics().meetingsOwnedBy("bob"));

            assertTrue(store.accounts().delete("ana"));
            assertTrue(store.accounts().insert(new Account("ana", AccountRole.ORGANISER, "z", T0)));
            assertEquals(Set.of(), store.statistics().meetingsOwnedBy("ana"), "a new account of the same name gets nothing");
            assertEquals(3, store.statistics().joinedBetween(T0, T0.plusSeconds(60)).participations().size());
        }
    }

    @Test
    void aLeaveIsWrittenOnceAndAHeartbeatAfterItChangesNothing() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.statistics().joined(join("p-1", "demo", null, T0));
            store.statistics().left(new ParticipationProgress("p-1", Map.of("floor", 9_000L), QualitySummary.NONE),
                    T0.plusSeconds(10), "disconnected");
            store.statistics().heartbeat(T0.plusSeconds(30), List.of(new ParticipationProgress("p-1",
                    Map.of("floor", 99_000L), QualitySummary.NONE)));
            store.statistics().left(new ParticipationProgress("p-1", Map.of(), QualitySummary.NONE), T0.plusSeconds(40),
                    "server-stop");

            StatisticsRecord row = store.statistics().forMeeting("demo").participations().getFirst();
            assertEquals(T0.plusSeconds(10), row.leftAt());
            assertEquals("disconnected", row.leaveReason());
            assertEquals(Map.of("floor", 9_000L), row.channelMillis());
        }
    }

    @Test
    void aHeartbeatNamingAStayWhoseJoinWasNeverWrittenStillRecordsTheOthers() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.statistics().joined(join("p-1", "demo", null, T0));
            store.statistics().heartbeat(T0.plusSeconds(30), List.of(
                    new ParticipationProgress("lost", Map.of("floor", 1L), QualitySummary.NONE),
                    new ParticipationProgress("p-1", Map.of("en", 30_000L), GOOD)));

            StatisticsRecord row = store.statistics().forMeeting("demo").participations().getFirst();
            assertEquals(Map.of("en", 30_000L), row.channelMillis());
            assertEquals(GOOD, row.quality());
            assertEquals(0, store.writer().failures());
        }
    }

    @Test
    void aRangeHoldsTheStaysThatBeganInIt() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.statistics().joined(join("before", "a", null, T0.minusMillis(1)));
            store.statistics().joined(join("first", "a", null, T0));
            store.statistics().joined(join("last", "b", null, T0.plusSeconds(86_399)));
            store.statistics().joined(join("after", "b", null, T0.plusSeconds(86_400)));

            StatisticsRows rows = store.statistics().joinedBetween(T0, T0.plusSeconds(86_400));
            assertEquals(List.of("first", "last"), rows.participations().stream().map(StatisticsRecord::participationId).toList());
            assertNull(rows.webcastListeners().get("a"), "no webcast figures before the webcast exists");
        }
    }

    /**
     * The webcast's listeners keep their peak, also written again by a later run of the server; a meeting
     * whose webcast nobody fetched has 0, one that never had a webcast null.
     */
    @Test
    void theWebcastListenersOfAMeetingAreItsPeak() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.accounts().insert(new Account("ana", AccountRole.ORGANISER, "z", T0));
            store.meetings().insert(new StoredMeeting("council", ParleyStoreTest.spec(), T0, null, "ana"));
            store.statistics().joined(join("p-1", "council", null, T0));
            store.statistics().joined(join("p-2", "plenary", null, T0.plusSeconds(1)));
            store.statistics().joined(join("p-3", "closed", null, T0.plusSeconds(2)));
            store.statistics().webcastListeners("council", "Council", 3);
            store.statistics().webcastListeners("council", "Council", 12);
            store.statistics().webcastListeners("council", "Council", 5); // lower: the peak stays
            store.statistics().webcastListeners("plenary", "Plenary", 0);
            // A webcast listened to before anyone joined: the meeting's row starts here, with its owner.
            store.statistics().webcastListeners("gallery", "Gallery", 7);

            StatisticsRows rows = store.statistics().joinedBetween(T0, T0.plusSeconds(60));
            assertEquals(Map.of("council", 12, "plenary", 0), rows.webcastListeners());
            assertNull(rows.webcastListeners().get("closed"), "never webcast");
            assertEquals(0, store.writer().failures());
        }
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.statistics().webcastListeners("council", "Council", 4); // a restart samples anew from 0
            store.statistics().joined(join("p-4", "gallery", null, T0.plusSeconds(3)));
            assertEquals(Map.of("gallery", 7), store.statistics().forMeeting("gallery").webcastListeners());
            assertEquals(12, store.statistics().forMeeting("council").webcastListeners().get("council"));
            assertEquals(Set.of("council"), store.statistics().meetingsOwnedBy("ana"));
        }
    }
}
