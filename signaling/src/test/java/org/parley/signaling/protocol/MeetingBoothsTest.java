package org.parley.signaling.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.signaling.auth.Role;
import org.parley.signaling.interpretation.BoothState;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingEvents;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.ws.ServerMessageEncoder;
import org.parley.signaling.ws.WebSocketConnection;

/**
 * The {@code booths} event of one meeting on a frozen event-loop clock: booth changes go out at once
 * and only when something changed, listener counts at most every two seconds, and no timer outlives
 * the meeting's desk. Participants' connections are real {@link WebSocketConnection}s on embedded channels.
 */
class MeetingBoothsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long INTERVAL_MILLIS = TimeUnit.NANOSECONDS.toMillis(MeetingBooths.LISTENER_EVENT_INTERVAL_NANOS);
    private static final MeetingEvents UNHEARD = new MeetingEvents() { };

    private final SignalingMetrics metrics = new SignalingMetrics(new SimpleMeterRegistry(), () -> 1, () -> 2);
    private final Map<String, Integer> listeners = new HashMap<>();
    private EmbeddedChannel clock;
    private Meeting meeting;
    private MeetingBooths booths;

    @BeforeEach
    void start() {
        clock = new EmbeddedChannel();
        clock.freezeTime();
        meeting = new Meeting("m1", "Council", List.of("en", "fr"));
        meeting.setBoothRelaySources(Map.of("fr", "floor"));
        booths = new MeetingBooths(meeting, clock.eventLoop());
        booths.follow(language -> listeners.getOrDefault(language, 0));
    }

    @AfterEach
    void stop() {
        clock.finishAndReleaseAll();
    }

    @Test
    void listenerCountsReachEveryoneAtMostEveryTwoSeconds() throws Exception {
        EmbeddedChannel delegate = member("Del", Role.DELEGATE, null);

        listeners.put("fr", 1);
        booths.listenersChanged();
        clock.runPendingTasks();
        assertEquals(1, frListeners(next(delegate)), "the first change in a while goes out at once");

        for (int count = 2; count <= 5; count++) {
            listeners.put("fr", count);
            booths.listenersChanged();
        }
        clock.runPendingTasks();
        assertNull(delegate.readOutbound(), "a burst waits for the interval");
        clock.advanceTimeBy(INTERVAL_MILLIS - 1, TimeUnit.MILLISECONDS);
        clock.runPendingTasks();
        assertNull(delegate.readOutbound());
        clock.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        clock.runPendingTasks();
        assertEquals(5, frListeners(next(delegate)), "then one event with the latest count");

        clock.advanceTimeBy(10, TimeUnit.SECONDS);
        booths.listenersChanged(); // nothing actually changed
        clock.runPendingTasks();
        assertNull(delegate.readOutbound(), "no change, no event");
    }

    @Test
    void boothChangesGoOutAtOnceAndStaleSnapshotsAreIgnored() throws Exception {
        EmbeddedChannel camille = member("Camille", Role.INTERPRETER, "fr");
        EmbeddedChannel delegate = member("Del", Role.DELEGATE, null);
        Participant interpreter = meeting.participants().getFirst();
        booths.published(interpreter, interpreter.id() + "/0");
        listeners.put("fr", 3);
        booths.listenersChanged();
        clock.runPendingTasks();
        next(camille);
        next(delegate);

        booths.boothsChanged(2, List.of(fr(interpreter.id() + "/0", true)));
        clock.runPendingTasks();
        JsonNode live = next(delegate).get("booths").get(0);
        assertEquals("Camille", live.get("live").get("name").asText(), live.toString());
        assertTrue(live.get("interpreters").get(0).get("live").asBoolean());
        assertEquals(3, live.get("listeners").asInt());
        next(camille);

        booths.boothsChanged(1, List.of(fr(interpreter.id() + "/0", false))); // overtaken on its way here
        booths.boothsChanged(3, List.of(fr(interpreter.id() + "/0", true))); // the same view again
        clock.runPendingTasks();
        assertNull(delegate.readOutbound(), "neither a stale nor an unchanged view is sent");
    }

    @Test
    void closingCancelsThePendingListenerEvent() throws Exception {
        EmbeddedChannel delegate = member("Del", Role.DELEGATE, null);
        listeners.put("fr", 1);
        booths.listenersChanged();
        clock.runPendingTasks();
        next(delegate);
        listeners.put("fr", 2);
        booths.listenersChanged();

        booths.close();

        assertEquals(-1, clock.runScheduledPendingTasks(), "no timer left");
        clock.advanceTimeBy(1, TimeUnit.MINUTES);
        clock.runPendingTasks();
        assertNull(delegate.readOutbound());
        booths.listenersChanged();
        assertEquals(-1, clock.runScheduledPendingTasks(), "a closed desk schedules nothing");
    }

    @Test
    void aRemovedBoothLeavesTheEventAndItsRelaysAreToldTheyHearTheFloor() throws Exception {
        meeting.update("Council", List.of("en", "fr", "es"), false);
        meeting.setBoothRelaySources(Map.of("fr", "floor"));
        EmbeddedChannel camille = member("Camille", Role.INTERPRETER, "fr");
        EmbeddedChannel elena = member("Elena", Role.INTERPRETER, "es");
        booths.boothsChanged(1, List.of(idle("fr", "floor"), idle("es", "fr")));
        clock.runPendingTasks();
        drain(camille);
        drain(elena);

        meeting.update("Council", List.of("en", "es"), false);
        meeting.setBoothRelaySources(Map.of());
        booths.languagesChanged();
        clock.runPendingTasks();
        JsonNode withoutFrench = next(camille).get("booths");
        assertEquals(1, withoutFrench.size(), "only the Spanish booth is left, though Camille still sits in fr: "
                + withoutFrench);
        assertEquals("es", withoutFrench.get(0).get("language").asText());
        assertEquals("fr", withoutFrench.get(0).get("incoming").asText(), "until the mixer says otherwise");
        next(elena);

        booths.boothsChanged(2, List.of(idle("es", "floor")));
        clock.runPendingTasks();
        JsonNode event = next(elena);
        TextWebSocketFrame frame = elena.readOutbound();
        JsonNode incoming = JSON.readTree(frame.text());
        frame.release();
        assertEquals("incoming", incoming.get("type").asText(), incoming.toString());
        assertEquals("floor", incoming.get("source").asText());
        assertEquals("floor", event.get("booths").get(0).get("incoming").asText());
        assertEquals("floor", next(camille).get("booths").get(0).get("incoming").asText());
        assertNull(camille.readOutbound(), "Camille's booth relayed nothing: no incoming event for her");
    }

    private static BoothState idle(String language, String incoming) {
        return new BoothState(language, incoming, language, List.of(), null, null);
    }

    private static void drain(EmbeddedChannel channel) {
        for (Object message = channel.readOutbound(); message != null; message = channel.readOutbound()) {
            ((TextWebSocketFrame) message).release();
        }
    }

    private static BoothState fr(String microphone, boolean live) {
        return new BoothState("fr", "floor", "fr", List.of(new BoothState.Microphone(microphone, live, false)), null, null);
    }

    /** A participant joined to the meeting and the desk, whose connection writes into the returned channel. */
    private EmbeddedChannel member(String name, Role role, String booth) {
        EmbeddedChannel channel = new EmbeddedChannel(new ServerMessageEncoder(JSON));
        WebSocketConnection connection = new WebSocketConnection(channel, metrics);
        Participant participant = meeting.join(name, role, booth, UNHEARD, self -> { });
        MeetingBooths.Member member = new MeetingBooths.Member(participant, connection);
        JsonNode joined = booths.join(member);
        assertEquals("fr", joined.get(0).get("language").asText(), joined.toString());
        booths.announce(member);
        return channel;
    }

    private static JsonNode next(EmbeddedChannel channel) throws JsonProcessingException {
        TextWebSocketFrame frame = channel.readOutbound();
        assertFalse(frame == null, "no message");
        try {
            JsonNode message = JSON.readTree(frame.text());
            assertEquals("booths", message.get("type").asText(), message.toString());
            return message;
        } finally {
            frame.release();
        }
    }

    private static int frListeners(JsonNode event) {
        return event.get("booths").get(0).get("listeners").asInt();
    }
}
