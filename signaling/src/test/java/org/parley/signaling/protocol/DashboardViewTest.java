package org.parley.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.media.transport.TransportQuality;
import org.parley.signaling.auth.Role;
import org.parley.signaling.auth.TokenFailure;
import org.parley.signaling.dashboard.DashboardFeed;
import org.parley.signaling.dashboard.DashboardRefusal;
import org.parley.signaling.dashboard.DashboardScope;
import org.parley.signaling.dashboard.QualityHistory;
import org.parley.signaling.turn.TurnRelays;
import org.parley.signaling.meeting.FixedMedia;
import org.parley.signaling.meeting.FloorMode;
import org.parley.signaling.meeting.Listening;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingEvents;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.meeting.Participant;

/**
 * A dashboard view on a connection whose thread and clock the test is, fed by a real
 * {@link DashboardFeed} that the test ticks: the first message, the one-message-a-second bound with
 * frames coalesced, a client that stops reading (nothing held, the missed samples later), the
 * ten-minute history bound, and credentials that stop admitting.
 */
class DashboardViewTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final MeetingEvents NOBODY = new MeetingEvents() { };
    private static final IntNode REQUEST_ID = IntNode.valueOf(7);

    private final MeetingRegistry registry = new MeetingRegistry(List.of(), ListenerTiers.DEFAULTS);
    private final Meeting meeting = new Meeting("council", "Council", List.of("en", "fr"), false, FloorMode.CHAIRED,
            "en", ListenerTiers.DEFAULTS, ListenerTiers.DEFAULTS.names());
    private final DashboardFeed feed = new DashboardFeed(registry, Optional.empty(), meetingId -> List.of(),
            TurnRelays.NONE, null, Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC),
            DashboardFeed.SILENT_BOOTH_SECONDS);
    private final ManualConnection connection = new ManualConnection();
    private long now = 1_000 * SECOND;
    private final DashboardView view = new DashboardView(connection, feed, DashboardScope.Server::new, () -> now);
    private final FixedMedia adaMedia = new FixedMedia();

    DashboardViewTest() {
        adaMedia.listening = new Listening("fr", "mixed", "standard");
        registry.add(meeting);
        Participant ada = meeting.join("Ada", Role.DELEGATE, null, NOBODY, self -> { });
        ada.setMedia(adaMedia);
    }

    @Test
    void firstMessageIsTheReplyThenAtMostOneASecondWithEverySampleSinceTheLast() {
        feed.sample();
        feed.sample();
        feed.sample();
        view.start(REQUEST_ID);
        assertEquals(1, connection.sent.size(), "the reply goes out at once");
        ObjectNode first = connection.sent.getFirst();
        assertEquals("dashboard", first.get("type").asText());
        assertEquals(7, first.get("id").asInt());
        assertTrue(first.get("full").asBoolean());
        JsonNode ada = participant(first);
        assertEquals("Ada", ada.get("name").asText());
        assertEquals("good", ada.at("/quality/grade").asText());
        assertTrue(ada.at("/quality/mos").asDouble() >= 4.0, "a clean link's score: " + ada);
        assertEquals("standard", ada.at("/channel/tier").asText());
        assertEquals("none", ada.get("transport").asText());
        assertEquals(3, ada.at("/history/lossPercent").size(), "every sample so far");

        for (int i = 0; i < 5; i++) {
            feed.sample(); // five frames at once: the feed ran late, or sampled while the loop was busy
        }
        assertEquals(1, connection.queued.size(), "one delivery queued for five frames");
        connection.runQueued();
        assertEquals(1, connection.sent.size(), "not within a second of the last message");
        assertEquals(1, connection.scheduled.size());
        assertEquals(SECOND, connection.scheduled.getFirst().delayNanos, "the next one when the second is over");

        feed.sample();
        connection.runQueued();
        assertEquals(1, connection.scheduled.size(), "a frame during the wait schedules nothing more");

        now += SECOND;
        connection.fireCheck();
        assertEquals(2, connection.sent.size());
        ObjectNode second = connection.sent.getLast();
        assertFalse(second.has("id"), "only the first message answers the request");
        assertFalse(second.get("full").asBoolean());
        JsonNode history = participant(second).get("history");
        assertEquals(6, history.get("lossPercent").size(), "the six samples since the last message, none twice");
        assertEquals(second.get("at").asLong() - 5, history.get("from").asLong());
    }

    @Test
    void overAMinuteOfFramesFiveTimesASecondMessagesAreAtLeastASecondApart() {
        view.start(REQUEST_ID); // no frame yet: the reply waits for the first
        assertTrue(connection.sent.isEmpty());
        List<Long> sentAt = new ArrayList<>();
        int timersFired = 0;
        long start = now;
        for (int step = 0; step < 300; step++) {
            now = start + step * SECOND / 5;
            feed.sample();
            connection.runQueued();
            recordSends(sentAt);
            // A timer is due when a second has passed since the message before it.
            for (ManualConnection.ScheduledTask timer : new ArrayList<>(connection.scheduled)) {
                if (!timer.isDone() && now >= sentAt.getLast() + SECOND) {
                    timer.run();
                    timersFired++;
                    recordSends(sentAt);
                }
            }
        }
        assertTrue(timersFired > 0);
        assertEquals(7, connection.sent.getFirst().get("id").asInt(), "the first frame answered the request");
        assertTrue(connection.sent.size() <= 60, "at most one message a second: " + connection.sent.size());
        assertTrue(connection.sent.size() >= 59, "but one every second: " + connection.sent.size());
        for (int i = 1; i < sentAt.size(); i++) {
            assertTrue(sentAt.get(i) - sentAt.get(i - 1) >= SECOND, "messages " + (i - 1) + " and " + i);
        }
        int samples = 0;
        for (ObjectNode message : connection.sent) {
            samples += participant(message).at("/history/lossPercent").size();
        }
        assertEquals(300 - 4, samples, "every sample sent exactly once, but the last frames' still waiting");
    }

    /** The red recording indicator and the webcast's audience follow the meeting from one message to the next. */
    @Test
    void eachMessageSaysWhetherTheMeetingIsRecordedAndItsWebcastsEstimatedListeners() {
        java.util.Map<String, Integer> audience = new java.util.concurrent.ConcurrentHashMap<>();
        DashboardFeed webcastFeed = new DashboardFeed(registry, Optional.empty(), meetingId -> List.of(),
                TurnRelays.NONE, null, Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC),
                DashboardFeed.SILENT_BOOTH_SECONDS, audience::get);
        DashboardView watching = new DashboardView(connection, webcastFeed, DashboardScope.Server::new, () -> now);
        webcastFeed.sample();
        watching.start(REQUEST_ID);
        JsonNode council = connection.sent.getLast().get("meetings").get(0);
        assertTrue(council.get("recordingSince").isNull(), council.toString());
        assertTrue(council.get("webcastListeners").isNull(), "no webcast: " + council);

        Instant started = Instant.parse("2026-03-01T08:59:30.250Z");
        meeting.setRecording(new org.parley.signaling.meeting.RecordingState("r-1", started));
        meeting.setWebcast(true);
        audience.put("council", 0);
        webcastFeed.sample();
        connection.runQueued();
        now += SECOND;
        connection.fireCheck();
        council = connection.sent.getLast().get("meetings").get(0);
        assertEquals(started.toString(), council.get("recordingSince").asText());
        assertEquals(0, council.get("webcastListeners").asInt(), "on, nobody listening: 0, not null");
        assertTrue(council.get("webcastListeners").isIntegralNumber());

        audience.put("council", 42);
        meeting.setRecording(null);
        webcastFeed.sample();
        connection.runQueued();
        now += SECOND;
        connection.fireCheck();
        council = connection.sent.getLast().get("meetings").get(0);
        assertTrue(council.get("recordingSince").isNull(), "stopped: " + council);
        assertEquals(42, council.get("webcastListeners").asInt());

        meeting.setWebcast(false); // its figure may linger a second in the webcasts; the meeting's switch rules
        webcastFeed.sample();
        connection.runQueued();
        now += SECOND;
        connection.fireCheck();
        assertTrue(connection.sent.getLast().at("/meetings/0/webcastListeners").isNull());
        assertEquals(4, connection.sent.size());
    }

    private void recordSends(List<Long> sentAt) {
        while (sentAt.size() < connection.sent.size()) {
            sentAt.add(now);
        }
    }

    @Test
    void aClientThatStopsReadingIsSentNothingThenTheSamplesItMissed() {
        feed.sample();
        view.start(REQUEST_ID);
        connection.writable = false;
        adaMedia.quality = new TransportQuality(20, 30, 2, 0, 3);
        for (int i = 0; i < 30; i++) {
            now += SECOND;
            feed.sample();
            connection.runQueued();
        }
        assertEquals(1, connection.sent.size(), "nothing is queued for a client that does not read");
        assertEquals(30, view.skipped());
        assertTrue(connection.scheduled.isEmpty());

        connection.writable = true;
        now += SECOND;
        feed.sample();
        connection.runQueued();
        assertEquals(2, connection.sent.size());
        JsonNode ada = participant(connection.sent.getLast());
        assertEquals("poor", ada.at("/quality/grade").asText(), "the state now");
        JsonNode loss = ada.at("/history/lossPercent");
        assertEquals(31, loss.size(), "and every second it missed");
        assertEquals(30.0, loss.get(0).asDouble());
        JsonNode alerts = connection.sent.getLast().get("alerts");
        assertEquals(1, alerts.size(), "the alert raised while it lagged");
        assertEquals("linkPoor", alerts.get(0).get("kind").asText());
        assertEquals("Ada", alerts.get(0).get("name").asText());
    }

    @Test
    void theHistoryReachesTenMinutesBackAndNoFurther() {
        for (int i = 0; i < 700; i++) {
            adaMedia.quality = new TransportQuality(20, i % 50, 2, 0, 3);
            feed.sample();
        }
        view.start(REQUEST_ID);
        JsonNode history = participant(connection.sent.getFirst()).get("history");
        assertEquals(QualityHistory.SECONDS, history.get("lossPercent").size());
        assertEquals(QualityHistory.SECONDS, history.get("rttMs").size());
        assertEquals(connection.sent.getFirst().get("at").asLong() - (QualityHistory.SECONDS - 1),
                history.get("from").asLong());
        assertEquals(100 % 50, history.get("lossPercent").get(0).asInt(), "the oldest kept is tick 100");
        assertEquals(699 % 50, history.get("lossPercent").get(QualityHistory.SECONDS - 1).asInt());
    }

    @Test
    void credentialsThatNoLongerAdmitCloseTheView() {
        boolean[] revoked = {false};
        DashboardView revocable = new DashboardView(connection, feed, () -> {
            if (revoked[0]) {
                throw new DashboardRefusal(DashboardRefusal.Reason.TOKEN, TokenFailure.REVOKED, "invitation revoked");
            }
            return new DashboardScope.Meetings(java.util.Set.of("council"));
        }, () -> now);
        feed.sample();
        revocable.start(REQUEST_ID);
        assertEquals(1, connection.sent.size());
        revoked[0] = true;
        now += SECOND;
        feed.sample();
        connection.runQueued();
        assertEquals(2, connection.sent.size());
        ObjectNode error = connection.sent.getLast();
        assertEquals("error", error.get("type").asText());
        assertEquals("TOKEN_REVOKED", error.get("code").asText());
        assertEquals("invitation revoked", connection.closedWith);

        now += SECOND;
        feed.sample();
        assertTrue(connection.queued.isEmpty(), "the feed no longer tells the view");
        assertEquals(2, connection.sent.size());
    }

    @Test
    void aMeetingViewShowsItsMeetingEvenEmptyAndTheServerViewOnlyMeetingsWithSomeoneIn() {
        registry.add(new Meeting("empty", "Empty", List.of("en"), false, FloorMode.CHAIRED, "en",
                ListenerTiers.DEFAULTS, ListenerTiers.DEFAULTS.names()));
        feed.sample();
        view.start(REQUEST_ID);
        assertEquals(1, connection.sent.getFirst().get("meetings").size());
        assertEquals("server", connection.sent.getFirst().get("scope").asText());

        ManualConnection other = new ManualConnection();
        new DashboardView(other, feed, () -> new DashboardScope.Meetings(java.util.Set.of("empty")), () -> now)
                .start(null);
        JsonNode meetings = other.sent.getFirst().get("meetings");
        assertEquals(1, meetings.size());
        assertEquals("empty", meetings.get(0).get("meeting").asText());
        assertEquals(0, meetings.get(0).get("participants").size());
        assertNull(other.sent.getFirst().get("id"));
    }

    private static JsonNode participant(ObjectNode message) {
        return message.get("meetings").get(0).get("participants").get(0);
    }
}
