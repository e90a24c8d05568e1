package org.parley.signaling.dashboard;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.parley.signaling.accounts.AccountRole;
import org.parley.signaling.accounts.DashboardTickets;

/**
 * A dashboard view opened with a logged-in account's ticket: scoped as the provisioning API scopes the
 * account (see {@code Caller}): an operator sees every meeting, an organiser the meetings it owns. Asked
 * before each message: the view closes when the account's session ends (logout, password change,
 * account deleted, expiry). An organiser's meetings are read again on the store's thread every
 * {@link #OWNED_REFRESH_NANOS}, never on the connection's thread, so a meeting it creates while watching
 * appears within that. Thread-safe.
 */
public final class AccountWatch {

    static final long OWNED_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final DashboardTickets.Grant grant;
    private final OwnedMeetings ownedMeetings;
    private final LongSupplier nanoTime;
    private volatile Set<String> owned;
    private volatile long ownedAtNanos;
    private volatile boolean refreshing;

    AccountWatch(DashboardTickets.Grant grant, OwnedMeetings ownedMeetings, LongSupplier nanoTime) {
        this.grant = grant;
        this.ownedMeetings = ownedMeetings;
        this.nanoTime = nanoTime;
        this.owned = grant.ownedAtIssue();
        this.ownedAtNanos = nanoTime.getAsLong();
    }

    public String account() {
        return grant.account();
    }

    public AccountRole role() {
        return grant.role();
    }

    /** What the view may show now. */
    public DashboardScope scope() throws DashboardRefusal {
        if (grant.session().isEmpty()) {
            throw new DashboardRefusal(DashboardRefusal.Reason.LOGGED_OUT, null,
                    grant.role().wireName() + " \"" + grant.account() + "\" is no longer logged in");
        }
        if (grant.role() == AccountRole.OPERATOR) {
            return new DashboardScope.Server();
        }
        refreshOwnedIfStale();
        return new DashboardScope.Meetings(owned);
    }

    private void refreshOwnedIfStale() {
        if (refreshing || nanoTime.getAsLong() - ownedAtNanos < OWNED_REFRESH_NANOS) {
            return;
        }
        refreshing = true;
        ownedMeetings.of(grant.account()).whenComplete((meetings, failure) -> {
            if (meetings != null) {
                owned = Set.copyOf(meetings);
            }
            // A failed read keeps the last set and tries again after the same pause (the store logs it).
            ownedAtNanos = nanoTime.getAsLong();
            refreshing = false;
        });
    }
}
