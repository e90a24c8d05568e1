package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;
import org.parley.signaling.dashboard.BoothStatus;
import org.parley.signaling.dashboard.ChannelAudience;
import org.parley.signaling.dashboard.DashboardAlert;
import org.parley.signaling.dashboard.DashboardFrame;
import org.parley.signaling.dashboard.DashboardScope;
import org.parley.signaling.dashboard.MeetingSnapshot;
import org.parley.signaling.dashboard.MixerSnapshot;
import org.parley.signaling.dashboard.ParticipantSnapshot;
import org.parley.signaling.dashboard.QualityHistory;
import org.parley.signaling.meeting.Listening;

/**
 * The {@code dashboard} message (PROTOCOL.md, "Operator dashboard"): the whole current state of the
 * meetings a view may see, and the history samples and alerts it has not been sent yet.
 */
final class DashboardMessages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DashboardMessages() {
    }

    /**
     * @param id          the {@code watchDashboard} request's id for the first message, else null
     * @param frame       the feed's tick to describe
     * @param scope       which meetings the view shows
     * @param afterTick   the last tick whose samples the view was sent; negative for all ten minutes
     *                    ({@code full}: the client starts its graphs over)
     * @param alerts      the alerts the view has not been sent, oldest first (filtered here by scope)
     * @param histories   each participant's history, by participant id
     * @param silentAfter the silent-booth threshold, seconds
     */
    static ObjectNode dashboard(JsonNode id, DashboardFrame frame, DashboardScope scope, long afterTick,
                                List<DashboardAlert> alerts, Function<String, QualityHistory> histories,
                                int silentAfter) {
        ObjectNode message = ServerMessages.reply("dashboard", id);
        message.put("full", afterTick < 0);
        message.put("at", frame.epochSecond());
        message.put("scope", scope.wireName());
        message.put("historySeconds", QualityHistory.SECONDS);
        message.put("silentBoothSeconds", silentAfter);
        ArrayNode meetings = message.putArray("meetings");
        for (MeetingSnapshot meeting : frame.meetings()) {
            if (scope.shows(meeting.meetingId(), meeting.participants().size() + meeting.observers())) {
                meetings.add(meeting(meeting, frame, afterTick, histories));
            }
        }
        ArrayNode raised = message.putArray("alerts");
        for (DashboardAlert alert : alerts) {
            if (scope.includes(alert.meetingId())) {
                raised.add(alert(alert));
            }
        }
        return message;
    }

    private static ObjectNode meeting(MeetingSnapshot meeting, DashboardFrame frame, long afterTick,
                                      Function<String, QualityHistory> histories) {
        ObjectNode json = NODES.objectNode();
        json.put("meeting", meeting.meetingId());
        json.put("title", meeting.title());
        ArrayNode languages = json.putArray("languages");
        meeting.languages().forEach(languages::add);
        ArrayNode participants = json.putArray("participants");
        for (ParticipantSnapshot participant : meeting.participants()) {
            participants.add(participant(participant, frame, afterTick, histories.apply(participant.participantId())));
        }
        json.put("observers", meeting.observers());
        if (meeting.recordingSince() == null) {
            json.putNull("recordingSince");
        } else {
            json.put("recordingSince", meeting.recordingSince().toString());
        }
        if (meeting.webcastListeners() == null) {
            json.putNull("webcastListeners");
        } else {
            json.put("webcastListeners", meeting.webcastListeners());
        }
        ArrayNode booths = json.putArray("booths");
        for (BoothStatus status : meeting.booths()) {
            ObjectNode booth = ServerMessages.booth(status.booth());
            if (status.silentSeconds() < 0) {
                booth.putNull("silentSeconds");
            } else {
                booth.put("silentSeconds", status.silentSeconds());
            }
            booth.put("silent", status.silent());
            booths.add(booth);
        }
        ArrayNode channels = json.putArray("channels");
        for (ChannelAudience audience : meeting.channels()) {
            channels.addObject().put("language", audience.language()).put("listeners", audience.listeners());
        }
        MixerSnapshot mixer = meeting.mixer();
        if (mixer == null) {
            json.putNull("mixer");
        } else {
            ObjectNode load = json.putObject("mixer");
            load.put("frameMs", mixer.frameMillis());
            putMillis(load, "tickMs", mixer.meanTickMillis());
            putMillis(load, "maxTickMs", mixer.maxTickMillis());
            load.put("overruns", mixer.overruns());
            load.put("overrunsLastSecond", mixer.overrunsLastSecond());
        }
        return json;
    }

    private static ObjectNode participant(ParticipantSnapshot participant, DashboardFrame frame, long afterTick,
                                          QualityHistory history) {
        ObjectNode json = NODES.objectNode()
                .put("participantId", participant.participantId())
                .put("name", participant.name())
                .put("role", participant.role().wireName())
                .put("booth", participant.booth())
                .put("transport", participant.transport().wireName());
        Listening channel = participant.channel();
        if (channel == null) {
            json.putNull("channel");
        } else {
            json.putObject("channel").put("language", channel.language()).put("variant", channel.variant())
                    .put("tier", channel.tier());
        }
        json.set("quality", ServerMessages.quality(participant.quality(), participant.score()));
        QualityHistory.Samples samples = history == null ? null : history.since(afterTick, frame.tick());
        if (samples != null) {
            ObjectNode series = json.putObject("history");
            series.put("from", frame.epochSecondOf(samples.fromTick()));
            series.set("lossPercent", series(samples.lossPercent(), 10));
            series.set("jitterMs", series(samples.jitterMillis(), 10));
            series.set("rttMs", series(samples.rttMillis(), 10));
            series.set("mos", series(samples.mos(), 100));
        }
        return json;
    }

    private static ObjectNode alert(DashboardAlert alert) {
        return NODES.objectNode()
                .put("sequence", alert.sequence())
                .put("at", alert.epochSecond())
                .put("meeting", alert.meetingId())
                .put("kind", alert.kind().wireName())
                .put("participantId", alert.participantId())
                .put("name", alert.name())
                .put("language", alert.language())
                .put("value", Math.round(alert.value() * 10) / 10.0);
    }

    /** Samples rounded to 1/{@code scale}, null where unknown. */
    private static ArrayNode series(float[] values, int scale) {
        ArrayNode array = NODES.arrayNode(values.length);
        for (float value : values) {
            if (Float.isNaN(value)) {
                array.addNull();
            } else {
                array.add(Math.round(value * scale) / (double) scale);
            }
        }
        return array;
    }

    private static void putMillis(ObjectNode json, String field, double millis) {
        if (Double.isNaN(millis)) {
            json.putNull(field);
        } else {
            json.put(field, Math.round(millis * 100) / 100.0);
        }
    }
}
