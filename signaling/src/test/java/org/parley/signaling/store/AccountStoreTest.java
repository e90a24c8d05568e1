package org.parley.signaling.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.accounts.AccountRole;
import org.parley.signaling.auth.Role;

/** The {@code accounts} table, meeting owners and the invitee fields of schema version 3. */
class AccountStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void accountsOwnMeetingsUntilTheyAreDeleted() throws Exception {
        Account ana = new Account("ana", AccountRole.ORGANISER, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA", T0);
        try (ParleyStore store = ParleyStore.open(dir)) {
            assertTrue(store.accounts().insert(ana));
            assertFalse(store.accounts().insert(new Account("ana", AccountRole.OPERATOR, "x", T0)), "names are unique");
            assertTrue(store.accounts().insert(new Account("olu", AccountRole.OPERATOR, "y", T0)));
            assertTrue(store.meetings().insert(new StoredMeeting("ana-1", ParleyStoreTest.spec(), T0, null, "ana")));
            assertTrue(store.meetings().insert(new StoredMeeting("admin-1", ParleyStoreTest.spec(), T0, null)));
        }
        try (ParleyStore store = ParleyStore.open(dir)) {
            assertEquals(ana, store.accounts().find("ana").orElseThrow());
            assertEquals(List.of("ana", "olu"), store.accounts().all().stream().map(Account::name).toList());
            assertEquals(List.of("ana-1"), store.meetings().ownedBy("ana").stream().map(StoredMeeting::id).toList());
            assertEquals("ana", store.meetings().find("ana-1").orElseThrow().owner());
            assertNull(store.meetings().find("admin-1").orElseThrow().owner());

            assertTrue(store.accounts().setPasswordHash("ana", "new-hash"));
            assertEquals("new-hash", store.accounts().find("ana").orElseThrow().passwordHash());
            assertFalse(store.accounts().setPasswordHash("nobody", "h"));

            assertTrue(store.accounts().delete("ana"));
            assertFalse(store.accounts().delete("ana"));
            assertTrue(store.accounts().find("ana").isEmpty());
            assertNull(store.meetings().find("ana-1").orElseThrow().owner(), "the meeting stays, without an owner");
            assertEquals(List.of(), store.meetings().ownedBy("ana"));
            assertTrue(store.accounts().insert(new Account("ana", AccountRole.ORGANISER, "z", T0)));
            assertEquals(List.of(), store.meetings().ownedBy("ana"), "a new account of the same name gets nothing back");
        }
    }

    @Test
    void invitationsKeepTheirEmailLanguageCountryOrganisationAndRevocation() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.meetings().insert(new StoredMeeting("council", ParleyStoreTest.spec(), T0, null));
            Invitation camille = new Invitation("i-1", "council", Role.INTERPRETER, "fr", "Camille", T0.plusSeconds(3600),
                    T0, "camille@example.org", "fr", "FR", "Service d'interprétation");
            Invitation guest = new Invitation("i-2", "council", Role.OBSERVER, null, null, T0.plusSeconds(60),
                    T0.plusSeconds(1));
            store.invitations().insert(camille);
            store.invitations().insert(guest);
            store.invitations().revoke("council", "i-2", T0.plusSeconds(5));

            assertEquals(camille, store.invitations().find("council", "i-1").orElseThrow());
            assertEquals(List.of(new InvitationRecord(camille, null), new InvitationRecord(guest, T0.plusSeconds(5))),
                    store.invitations().forMeeting("council"));
            assertEquals(List.of(), store.invitations().forMeeting("other"));
        }
    }
}
