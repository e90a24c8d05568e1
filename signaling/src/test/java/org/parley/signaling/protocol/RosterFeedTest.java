package org.parley.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
