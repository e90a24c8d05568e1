package org.parley.signaling.dashboard;

import java.util.Set;
import org.parley.signaling.accounts.DashboardTickets;
import org.parley.signaling.auth.AdminKey;
import org.parley.signaling.auth.Role;
import org.parley.signaling.auth.TokenClaims;
import org.parley.signaling.auth.TokenException;
import org.parley.signaling.provisioning.MeetingAccess;

/**
 * Who may watch what. A server-wide view needs server-wide credentials: the provisioning API's admin
 * key. An operator is an operator of one meeting (its invitation's role), so its invitation token opens
 * the view of that meeting alone, for as long as the invitation admits it. A logged-in account comes in
 * with a ticket of its session ({@link DashboardTickets}), scoped as the API scopes it ({@link AccountWatch}).
 * Thread-safe.
 */
public final class DashboardAccess {

    private final AdminKey adminKey;
    private final MeetingAccess meetings;
    private final DashboardTickets tickets;
    private final OwnedMeetings ownedMeetings;

    public DashboardAccess(AdminKey adminKey, MeetingAccess meetings, DashboardTickets tickets,
                           OwnedMeetings ownedMeetings) {
        this.adminKey = adminKey;
        this.meetings = meetings;
        this.tickets = tickets;
        this.ownedMeetings = ownedMeetings;
    }

    /**
     * Spends a login ticket: the account's view, whose {@link AccountWatch#scope} is then asked before
     * each message instead of {@link #admit}.
     */
    public AccountWatch redeem(String ticket) throws DashboardRefusal {
        DashboardTickets.Grant grant = tickets.redeem(ticket).orElseThrow(() -> new DashboardRefusal(
                DashboardRefusal.Reason.TICKET, null, "this dashboard ticket is unknown, spent or expired, or its"
                + " login has ended; log in on the organiser page and open the dashboard again"));
        return new AccountWatch(grant, ownedMeetings, System::nanoTime);
    }

    /**
     * The scope {@code key} or {@code token} opens (a key wins when both are given). Asked again before
     * each message a view sends, so that a revoked or expired invitation closes its view.
     *
     * @param key   the admin key, or null
     * @param token an invitation token, or null
     */
    public DashboardScope admit(String key, String token) throws DashboardRefusal {
        if (key != null) {
            if (!adminKey.matches(key)) {
                throw new DashboardRefusal(DashboardRefusal.Reason.WRONG_KEY, null, "this is not the server's admin key");
            }
            return new DashboardScope.Server();
        }
        if (token == null) {
            throw new DashboardRefusal(DashboardRefusal.Reason.NO_CREDENTIALS, null,
                    "give the admin key (\"key\"), an operator's invitation token (\"token\") or a"
                            + " login's dashboard ticket (\"ticket\")");
        }
        TokenClaims claims;
        try {
            claims = meetings.admit(token, null);
        } catch (TokenException e) {
            throw new DashboardRefusal(DashboardRefusal.Reason.TOKEN, e.failure(), e.getMessage());
        }
        if (claims.role() != Role.OPERATOR) {
            throw new DashboardRefusal(DashboardRefusal.Reason.NOT_OPERATOR, null, "the dashboard is for operators;"
                    + " this invitation is a " + claims.role().wireName() + "'s");
        }
        return new DashboardScope.Meetings(Set.of(claims.meetingId()));
    }
}
