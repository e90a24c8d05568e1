package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.signaling.meeting.Meeting;

/**
 * The {@code roster} a chair or an operator receives: sent when it joins, again soon after each
 * change of the meeting (arrivals, departures, producers, floor, channels listened to; a burst of
 * changes gives one roster), and checked every {@value #CHECK_MILLIS} ms for what changes without an
 * event (connection quality, the number of observers, whose comings and goings raise none), sent only
 * if it differs from the last one sent.
 *
 * <p>One per chair or operator session, on its connection thread; its one timer is cancelled by
 * {@link #stop} when the participant leaves.
 */
final class RosterFeed {

    static final long CHECK_MILLIS = 2000;

    private final ClientConnection connection;
    private final Meeting meeting;
    private ObjectNode lastSent;
    private ScheduledFuture<?> check;
    /** Set from any thread by {@link #changed}; cleared on the connection thread when the roster is rebuilt. */
    private volatile boolean rebuildQueued;
    private boolean stopped;

    RosterFeed(ClientConnection connection, Meeting meeting) {
        this.connection = connection;
        this.meeting = meeting;
    }

    /** Sends the first roster and starts the periodic check. Connection thread. */
    void start() {
        sendIfChanged();
        scheduleCheck();
    }

    /** The meeting changed; any thread (meeting callbacks). Queues one rebuild, however many changes come. */
    void changed() {
        if (rebuildQueued) {
            return;
        }
        rebuildQueued = true;
        try {
            connection.executor().execute(() -> {
                rebuildQueued = false;
                sendIfChanged();
            });
        } catch (RejectedExecutionException e) {
            // The connection's loop is shutting down with the server: nobody is left to tell.
        }
    }

    /** The participant left: no more rosters. Connection thread. */
    void stop() {
        stopped = true;
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }

    private void scheduleCheck() {
        try {
            check = connection.schedule(() -> {
                if (!stopped) {
                    sendIfChanged();
                    scheduleCheck();
                }
            }, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            check = null; // shutting down, as above
        }
    }

    private void sendIfChanged() {
        if (stopped) {
            return;
        }
        ObjectNode roster = ServerMessages.roster(meeting.participants(), meeting.floor(),
                meeting.observerCount());
        if (!roster.equals(lastSent)) {
            lastSent = roster;
            connection.send(roster);
        }
    }
}
