package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.parley.media.router.Consumer;
import org.parley.media.router.Producer;
import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;
import org.parley.signaling.auth.Role;
import org.parley.signaling.captions.Caption;
import org.parley.signaling.dashboard.BoothSnapshot;
import org.parley.signaling.interpretation.ChannelKey;
import org.parley.signaling.meeting.FloorState;
import org.parley.signaling.meeting.Listening;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.meeting.RecordingState;
import org.parley.signaling.turn.TurnCredentials;

/** Builds the server-to-client messages of PROTOCOL.md. */
public final class ServerMessages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ServerMessages() {
    }

    /** A message of {@code type}, carrying the client's {@code id} when the client gave one. */
    public static ObjectNode reply(String type, JsonNode id) {
        ObjectNode message = event(type);
        if (id != null) {
            message.set("id", id);
        }
        return message;
    }

    private static ObjectNode event(String type) {
        ObjectNode message = NODES.objectNode();
        message.put("type", type);
        return message;
    }

    public static ObjectNode error(ErrorCode code, String text, JsonNode id) {
        ObjectNode message = event("error");
        message.put("code", code.name());
        message.put("message", text);
        message.set("id", id == null ? NODES.nullNode() : id);
        return message;
    }

    /**
     * The reply to {@code join}; {@code others} are the participants already there, {@code booth} the
     * booth of an interpreter (null otherwise).
     */
    public static ObjectNode joined(JsonNode id, Participant self, Role role, String booth, Meeting meeting,
                                    List<Participant> others) {
        ObjectNode message = reply("joined", id);
        message.put("participantId", self.id());
        message.put("role", role.wireName());
        if (booth != null) {
            message.put("booth", booth);
        }
        message.put("meeting", meeting.id());
        message.put("title", meeting.title());
        ArrayNode languages = message.putArray("languages");
        meeting.languages().forEach(languages::add);
        ArrayNode tiers = message.putArray("tierPolicy");
        meeting.tiersFor(role).forEach(tiers::add);
        message.set("recording", recordingFields(meeting.recording()));
        ArrayNode participants = message.putArray("participants");
        ArrayNode producers = message.putArray("producers");
        for (Participant other : others) {
            participants.add(participant(other));
            for (String producerId : other.producerIds()) {
                producers.add(producer(producerId, other));
            }
        }
        return message;
    }

    /**
     * An observer's compact {@code joined}: who it is and what it may listen to (languages, tiers), without the
     * participants, producers, floor or booths, which an observer is never told of.
     */
    public static ObjectNode observerJoined(JsonNode id, Participant self, Meeting meeting) {
        ObjectNode message = reply("joined", id);
        message.put("participantId", self.id());
        message.put("role", Role.OBSERVER.wireName());
        message.put("meeting", meeting.id());
        message.put("title", meeting.title());
        ArrayNode languages = message.putArray("languages");
        meeting.languages().forEach(languages::add);
        ArrayNode tiers = message.putArray("tierPolicy");
        meeting.tiersFor(Role.OBSERVER).forEach(tiers::add);
        return message;
    }

    /**
     * {@code joined.iceServers}: the TURN servers with this participant's own credentials, in the shape of
     * WebRTC's {@code RTCIceServer} so a client passes the array to {@code RTCPeerConnection} as it is.
     */
    public static ArrayNode iceServers(TurnCredentials.IceServer server) {
        ArrayNode servers = NODES.arrayNode();
        ObjectNode entry = servers.addObject();
        ArrayNode urls = entry.putArray("urls");
        server.urls().forEach(urls::add);
        entry.put("username", server.username());
        entry.put("credential", server.credential());
        return servers;
    }

    public static ObjectNode answer(JsonNode id, String sdp, List<Producer> producers, List<Consumer> consumers) {
        ObjectNode message = reply("answer", id);
        message.put("sdp", sdp);
        ArrayNode producerIds = message.putArray("producers");
        for (Producer producer : producers) {
            producerIds.add(producer.id());
        }
        ArrayNode consumerList = message.putArray("consumers");
        for (Consumer consumer : consumers) {
            consumerList.addObject().put("mid", consumer.mid()).put("ssrc", consumer.ssrc());
        }
        return message;
    }

    public static ObjectNode subscribed(JsonNode id, String mid, String producerId) {
        return reply("subscribed", id).put("mid", mid).put("producerId", producerId);
    }

    /** An {@code auto} m-line moved to another tier, after a reception report with {@code lossPercent}. */
    public static ObjectNode tierChanged(String mid, String tier, String producerId, double lossPercent) {
        return event("tierChanged").put("mid", mid).put("tier", tier).put("producerId", producerId)
                .put("lossPercent", Math.round(lossPercent * 10) / 10.0);
    }

    /** The m-line {@code move.mid()} followed a language the meeting dropped; it follows the floor now. */
    static ObjectNode channelRemoved(ChannelSubscriptions.FloorMove move) {
        return event("channelRemoved").put("mid", move.mid()).put("language", move.language())
                .put("now", ChannelKey.FLOOR).put("producerId", move.floorProducerId());
    }

    public static ObjectNode unsubscribed(JsonNode id, String mid) {
        return reply("unsubscribed", id).put("mid", mid);
    }

    public static ObjectNode participantJoined(Participant participant) {
        return event("participantJoined").setAll(participant(participant));
    }

    public static ObjectNode participantLeft(Participant participant) {
        return event("participantLeft").setAll(participant(participant));
    }

    public static ObjectNode producerAdded(String producerId, Participant publisher) {
        return event("producerAdded").setAll(producer(producerId, publisher));
    }

    public static ObjectNode producerRemoved(String producerId, Participant publisher) {
        return event("producerRemoved").setAll(producer(producerId, publisher));
    }

    /** The meeting was ended: the reply to {@code endMeeting} (with its id) or the event the others get. */
    public static ObjectNode meetingEnded(JsonNode id, String meetingId) {
        return reply("meetingEnded", id).put("meeting", meetingId);
    }

    public static ObjectNode transportClosed(String reason) {
        return event("transportClosed").put("reason", reason);
    }

    /** The {@code floor} event; see {@link #floorFields} for its fields. */
    /** The tiers the participant may subscribe to now, best first, after a change of the meeting's tier policy. */
    /**
     * {@code recording}: whether the meeting is being recorded now, told to everyone in it when that
     * changes (and as the reply to {@code startRecording}/{@code stopRecording}, with its id).
     */
    public static ObjectNode recording(JsonNode id, RecordingState recording) {
        return reply("recording", id).setAll(recordingFields(recording));
    }

    /** The fields of {@code recording} (also {@code joined.recording}): {@code active}, and while active its id and start. */
    public static ObjectNode recordingFields(RecordingState recording) {
        ObjectNode fields = NODES.objectNode();
        fields.put("active", recording != null);
        if (recording != null) {
            fields.put("recordingId", recording.recordingId());
            fields.put("startedAt", recording.startedAt().toString());
        }
        return fields;
    }

    public static ObjectNode tierPolicy(List<String> tiers) {
        ObjectNode message = event("tierPolicy");
        ArrayNode names = message.putArray("tiers");
        tiers.forEach(names::add);
        return message;
    }

    public static ObjectNode floor(FloorState floor) {
        return event("floor").setAll(floorFields(floor));
    }

    /** The floor's fields, also the {@code floor} field of {@code joined}: control, language, speakers, hands. */
    public static ObjectNode floorFields(FloorState floor) {
        ObjectNode fields = NODES.objectNode();
        fields.put("control", floor.mode().wireName());
        fields.put("language", floor.language());
        ArrayNode speakers = fields.putArray("speakers");
        for (Participant speaker : floor.speakers()) {
            speakers.addObject().put("participantId", speaker.id()).put("name", speaker.name());
        }
        ArrayNode hands = fields.putArray("hands");
        for (Participant hand : floor.hands()) {
            hands.addObject().put("participantId", hand.id()).put("name", hand.name());
        }
        return fields;
    }

    /**
     * @param from    who wrote it, or null (speech recognition): {@code participantId} and {@code name} are null
     * @param ofFloor whether its language is the floor's: pages listening to the floor show such captions
     */
    public static ObjectNode caption(Participant from, Caption caption, boolean ofFloor) {
        ObjectNode event = event("caption").put("participantId", from == null ? null : from.id())
                .put("name", from == null ? null : from.name()).put("floor", ofFloor);
        return captionFields(event, caption);
    }

    /** The recent finals a client is sent on joining or subscribing ({@code captions} of {@code joined}, {@code captionsSubscribed}). */
    public static ArrayNode captions(List<Caption> captions) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Caption caption : captions) {
            captionFields(list.addObject(), caption);
        }
        return list;
    }

    private static ObjectNode captionFields(ObjectNode fields, Caption caption) {
        return fields.put("segmentId", caption.segmentId()).put("language", caption.language())
                .put("source", caption.source().wireName()).put("startMs", caption.startMs())
                .put("endMs", caption.endMs()).put("text", caption.text()).put("final", caption.isFinal());
    }

    /** The {@code roster} of {@code everyone} for chairs and operators, with {@code floor}'s part of each. */
    /** @param observers how many observers listen (they are not listed) */
    public static ObjectNode roster(List<Participant> everyone, FloorState floor, int observers) {
        ObjectNode message = event("roster");
        message.put("observers", observers);
        ArrayNode entries = message.putArray("participants");
        for (Participant participant : everyone) {
            ObjectNode entry = entries.addObject()
                    .put("participantId", participant.id())
                    .put("name", participant.name())
                    .put("role", participant.role().wireName())
                    .put("booth", participant.booth());
            Listening listening = participant.media().listening();
            if (listening == null) {
                entry.putNull("channel");
            } else {
                entry.putObject("channel").put("language", listening.language())
                        .put("variant", listening.variant()).put("tier", listening.tier());
            }
            entry.put("floor", floor.stateOf(participant));
            entry.set("quality", quality(participant.media().quality(), participant.media().score()));
        }
        return message;
    }

    /**
     * A participant's link: the grade and the estimated score ({@code mos} 1.0..4.5 with one decimal,
     * {@code r} 0..100), and the RTCP figures they come from; each figure null while unknown.
     */
    static ObjectNode quality(TransportQuality quality, QualityScore score) {
        ObjectNode json = NODES.objectNode().put("grade", LinkGrade.of(score).wireName());
        if (score.isKnown()) {
            json.put("mos", score.roundedMos()).put("r", score.roundedR());
        } else {
            json.putNull("mos").putNull("r");
        }
        putFigure(json, "rttMs", quality.rttMillis());
        putFigure(json, "lossPercent", quality.worstLossPercent());
        putFigure(json, "jitterMs", quality.worstJitterMillis());
        return json;
    }

    /** One decimal, or null while unknown (negative). */
    static void putFigure(ObjectNode json, String field, double value) {
        if (value < 0) {
            json.putNull(field);
        } else {
            json.put(field, Math.round(value * 10) / 10.0);
        }
    }

    /** One booth of the {@code booths} event (PROTOCOL.md): its routing, who is live, its interpreters, its audience. */
    static ObjectNode booth(BoothSnapshot booth) {
        ObjectNode json = NODES.objectNode();
        json.put("language", booth.language());
        json.put("incoming", booth.incoming());
        json.put("outgoing", booth.outgoing());
        BoothSnapshot.Person live = booth.live();
        json.set("live", live == null ? NODES.nullNode()
                : NODES.objectNode().put("participantId", live.participantId()).put("name", live.name()));
        ArrayNode interpreters = json.putArray("interpreters");
        for (BoothSnapshot.Seat seat : booth.interpreters()) {
            interpreters.addObject().put("participantId", seat.participantId()).put("name", seat.name())
                    .put("live", seat.live()).put("coughing", seat.coughing());
        }
        BoothSnapshot.Handover handover = booth.pendingHandover();
        json.set("pendingHandover", handover == null ? NODES.nullNode()
                : NODES.objectNode().put("from", handover.from()).put("to", handover.to()));
        json.put("listeners", booth.listeners());
        return json;
    }

    /** A participant entry: id, name, role and, for an interpreter, booth. */
    private static ObjectNode participant(Participant participant) {
        ObjectNode entry = NODES.objectNode().put("participantId", participant.id()).put("name", participant.name());
        return withRole(entry, participant);
    }

    private static ObjectNode producer(String producerId, Participant publisher) {
        ObjectNode entry = NODES.objectNode().put("producerId", producerId)
                .put("participantId", publisher.id()).put("name", publisher.name());
        return withRole(entry, publisher);
    }

    private static ObjectNode withRole(ObjectNode entry, Participant participant) {
        entry.put("role", participant.role().wireName());
        if (participant.booth() != null) {
            entry.put("booth", participant.booth());
        }
        return entry;
    }
}
