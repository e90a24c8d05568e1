package org.parley.signaling.provisioning;

import org.parley.signaling.accounts.AccountRole;
import org.parley.signaling.store.StoredMeeting;

/**
 * Who makes an API request, and so which meetings it may see and change: the admin key (automation)
 * may do everything; an organiser account sees and changes only the meetings it created; an operator
 * account sees every meeting and runs them (invite, revoke, reset media, end) but creates, edits and
 * deletes none. See API.md, "Accounts and scope".
 *
 * @param account the account's name, or null for the admin key
 * @param role    the account's role, or null for the admin key
 */
public record Caller(String account, AccountRole role) {

    /** The admin key. */
    public static final Caller ADMIN = new Caller(null, null);

    public boolean isAdmin() {
        return account == null;
    }

    /** Whether the caller may read the meeting, its invitations and participation log. */
    boolean sees(StoredMeeting meeting) {
        return isAdmin() || role == AccountRole.OPERATOR || account.equals(meeting.owner());
    }

    /** Whether the caller may run the meeting: invite, revoke, reset a participant's media, end it. */
    boolean runs(StoredMeeting meeting) {
        return sees(meeting);
    }

    /** Whether the caller may edit or delete the meeting. */
    boolean changes(StoredMeeting meeting) {
        return isAdmin() || role == AccountRole.ORGANISER && account.equals(meeting.owner());
    }

    /** Whether the caller may create meetings. */
    boolean creates() {
        return isAdmin() || role == AccountRole.ORGANISER;
    }

    /** Whether the caller lists every meeting (else only its own). */
    boolean listsAll() {
        return isAdmin() || role == AccountRole.OPERATOR;
    }

    /** Whether the caller may manage accounts. */
    boolean managesAccounts() {
        return isAdmin();
    }

    /** The owner of a meeting this caller creates: its account, or none for the admin key. */
    String ownerOfNew() {
        return account;
    }

    /** For messages: {@code the admin key} or {@code organiser "ana"}. */
    String describe() {
        return isAdmin() ? "the admin key" : role.wireName() + " \"" + account + "\"";
    }
}
