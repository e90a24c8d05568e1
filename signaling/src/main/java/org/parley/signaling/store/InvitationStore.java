package org.parley.signaling.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.signaling.auth.InvitationStatus;
import org.parley.signaling.auth.Role;

/**
 * The {@code invitations} and {@code revocations} tables. Which invitations exist (by meeting) and which
 * are revoked is also kept in memory, loaded at start, so that checking a token on {@code join} never
 * waits for the disk.
 */
public final class InvitationStore implements InvitationStatus {

    private static final String SELECT = "SELECT i.id, i.meeting_id, i.role, i.booth, i.name, i.expires_at, "
            + "i.created_at, i.email, i.language, i.country, i.organisation, r.revoked_at FROM invitations i "
            + "LEFT JOIN revocations r ON r.invitation_id = i.id";

    private final Database database;
    /** Invitation id to its meeting's id, for every stored invitation. */
    private final Map<String, String> meetingOf = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    InvitationStore(Database database) throws StoreException {
        this.database = database;
        database.transaction("load invitations", connection -> {
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery("SELECT id, meeting_id FROM invitations")) {
                while (rows.next()) {
                    meetingOf.put(rows.getString(1), rows.getString(2));
                }
            }
            try (Statement select = connection.createStatement();
                 ResultSet rows = select.executeQuery("SELECT invitation_id FROM revocations")) {
                while (rows.next()) {
                    revoked.add(rows.getString(1));
                }
            }
            return null;
        });
    }

    public void insert(Invitation invitation) throws StoreException {
        database.transaction("create invitation " + invitation.id(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO invitations "
                    + "(id, meeting_id, role, booth, name, expires_at, created_at, email, language, country, "
                    + "organisation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, invitation.id());
                insert.setString(2, invitation.meetingId());
                insert.setString(3, invitation.role().wireName());
                insert.setString(4, invitation.booth());
                insert.setString(5, invitation.name());
                SqlTime.set(insert, 6, invitation.expiresAt());
                SqlTime.set(insert, 7, invitation.createdAt());
                insert.setString(8, invitation.email());
                insert.setString(9, invitation.language());
                insert.setString(10, invitation.country());
                insert.setString(11, invitation.organisation());
                return insert.executeUpdate();
            }
        });
        meetingOf.put(invitation.id(), invitation.meetingId());
    }

    /** The invitation {@code id} of meeting {@code meetingId}, if there is one. */
    public Optional<Invitation> find(String meetingId, String id) throws StoreException {
        return database.transaction("read invitation " + id, connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE i.id = ? AND i.meeting_id = ?")) {
                select.setString(1, id);
                select.setString(2, meetingId);
                List<InvitationRecord> found = read(select);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst().invitation());
            }
        });
    }

    /** The invitations of {@code meetingId} in the order they were issued, each with when it was revoked (null: it was not). */
    public List<InvitationRecord> forMeeting(String meetingId) throws StoreException {
        return database.transaction("list the invitations of " + meetingId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT
                    + " WHERE i.meeting_id = ? ORDER BY i.issued")) {
                select.setString(1, meetingId);
                return read(select);
            }
        });
    }

    private static List<InvitationRecord> read(PreparedStatement select) throws SQLException {
        List<InvitationRecord> invitations = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                invitations.add(new InvitationRecord(new Invitation(row.getString("id"), row.getString("meeting_id"),
                        Role.fromWireName(row.getString("role")), row.getString("booth"), row.getString("name"),
                        SqlTime.get(row, "expires_at"), SqlTime.get(row, "created_at"), row.getString("email"),
                        row.getString("language"), row.getString("country"), row.getString("organisation")),
                        SqlTime.get(row, "revoked_at")));
            }
        }
        return invitations;
    }

    /**
     * Revokes an invitation of {@code meetingId}; revoking twice keeps the first time.
     *
     * @return false if the meeting has no such invitation
     */
    public boolean revoke(String meetingId, String invitationId, Instant at) throws StoreException {
        boolean known = database.transaction("revoke invitation " + invitationId, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM invitations WHERE id = ? AND meeting_id = ?")) {
                select.setString(1, invitationId);
                select.setString(2, meetingId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("MERGE INTO revocations (invitation_id, revoked_at) "
                    + "KEY (invitation_id) SELECT ?, COALESCE((SELECT revoked_at FROM revocations WHERE invitation_id = ?), ?)")) {
                insert.setString(1, invitationId);
                insert.setString(2, invitationId);
                SqlTime.set(insert, 3, at);
                insert.executeUpdate();
            }
            return true;
        });
        if (known) {
            revoked.add(invitationId);
        }
        return known;
    }

    /**
     * Forgets the invitations of a meeting whose rows are gone ({@link MeetingStore#delete} removes them
     * with the meeting): their tokens are refused from now on, whatever meeting takes the id later.
     */
    void forgetMeeting(String meetingId) {
        meetingOf.entrySet().removeIf(entry -> {
            if (entry.getValue().equals(meetingId)) {
                revoked.remove(entry.getKey());
                return true;
            }
            return false;
        });
    }

    @Override
    public State state(String invitationId) {
        if (!meetingOf.containsKey(invitationId)) {
            return State.UNKNOWN;
        }
        return revoked.contains(invitationId) ? State.REVOKED : State.LIVE;
    }
}
