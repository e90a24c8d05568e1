package org.parley.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.signaling.auth.Role;
import org.parley.signaling.meeting.FloorMode;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingEvents;
import org.parley.signaling.meeting.Participant;

/**
 * The roster feed on a connection whose thread the test is: tasks run when the test says, the
 * periodic check fires when the test fires it, so nothing depends on time.
 */
class RosterFeedTest {

    /** A connection that keeps what is sent and queues what is executed or scheduled. */
    private static final class ManualConnection implements ClientConnection {
        final List<ObjectNode> sent = new ArrayList<>();
        final List<Runnable> queued = new ArrayList<>();
        final List<ScheduledTask> scheduled = new ArrayList<>();

        @Override
        public void send(ObjectNode message) {
            sent.add(message);
        }

        @Override
        public void sendError(ErrorCode code, String message, JsonNode id) {
            send(ServerMessages.error(code, message, id));
        }

        @Override
        public void close(String reason) {
        }

        @Override
        public Executor executor() {
            return queued::add;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            ScheduledTask scheduledTask = new ScheduledTask(task, unit.toMillis(delay));
            scheduled.add(scheduledTask);
            return scheduledTask;
        }

        void runQueued() {
            List<Runnable> now = new ArrayList<>(queued);
            queued.clear();
            now.forEach(Runnable::run);
        }

        /** Fires the latest scheduled task, as the event loop would after its delay. */
        void fireCheck() {
            scheduled.getLast().run();
        }
    }

    /** A one-shot scheduled task whose time never comes by itself. */
    private static final class ScheduledTask extends FutureTask<Void> implements ScheduledFuture<Void> {
        final long delayMillis;

        ScheduledTask(Runnable task, long delayMillis) {
            super(task, null);
            this.delayMillis = delayMillis;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(java.util.concurrent.Delayed other) {
            return Long.compare(delayMillis, other.getDelay(TimeUnit.MILLISECONDS));
        }
    }

    private static final MeetingEvents NOBODY = new MeetingEvents() { };

    private final Meeting meeting = new Meeting("council", "Council", List.of("en", "fr"), false, FloorMode.CHAIRED,
            "en", ListenerTiers.DEFAULTS, ListenerTiers.DEFAULTS.names());
    private final ManualConnection connection = new ManualConnection();
    private final RosterFeed feed = new RosterFeed(connection, meeting);

    @Test
    void sendsAtOnceThenOnChangesCoalescedAndOnlyWhatDiffers() {
        meeting.join("Chair", Role.CHAIR, null, NOBODY, self -> { });
        feed.start();
        assertEquals(1, connection.sent.size(), "the first roster right away");
        assertEquals(1, connection.scheduled.size());
        assertEquals(RosterFeed.CHECK_MILLIS, connection.scheduled.getFirst().delayMillis);

        Participant ada = meeting.join("Ada", Role.DELEGATE, null, NOBODY, self -> { });
        feed.changed();
        feed.changed();
        feed.changed();
        assertEquals(1, connection.queued.size(), "a burst of changes queues one rebuild");
        connection.runQueued();
        assertEquals(2, connection.sent.size());
        assertEquals(2, connection.sent.getLast().get("participants").size());

        feed.changed();
        connection.runQueued();
        assertEquals(2, connection.sent.size(), "nothing differs, nothing is sent");

        meeting.raiseHand(ada, true); // no event reaches the feed: the periodic check finds it
        connection.fireCheck();
        assertEquals(3, connection.sent.size());
        assertEquals("hand", connection.sent.getLast().get("participants").get(1).get("floor").asText());
        assertEquals(2, connection.scheduled.size(), "each check schedules the next");
    }

    @Test
    void stopCancelsTheTimerAndSilencesTheFeed() {
        meeting.join("Chair", Role.CHAIR, null, NOBODY, self -> { });
        feed.start();
        feed.changed();
        feed.stop();
        meeting.join("Ada", Role.DELEGATE, null, NOBODY, self -> { });
        connection.runQueued();
        connection.scheduled.getFirst().run();

        assertTrue(connection.scheduled.getFirst().isCancelled(), "no timer outlives the chair's stay");
        assertEquals(1, connection.sent.size(), "nothing after stop");
        assertEquals(1, connection.scheduled.size(), "and nothing scheduled again");
    }
}
