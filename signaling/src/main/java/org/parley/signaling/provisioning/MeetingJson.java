package org.parley.signaling.provisioning;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.parley.signaling.accounts.LoginSessions;
import org.parley.signaling.meeting.RecordingState;
import org.parley.signaling.store.Account;
import org.parley.signaling.store.Booth;
import org.parley.signaling.store.Invitation;
import org.parley.signaling.store.InvitationRecord;
import org.parley.signaling.store.MeetingSpec;
import org.parley.signaling.store.ParticipationRecord;
import org.parley.signaling.store.StoredMeeting;

/** The JSON the provisioning API answers with (see API.md). */
final class MeetingJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MeetingJson() {
    }

    /**
     * @param participants how many are in the meeting's roster now
     * @param observers    how many observers listen now
     * @param recording    the recording running now, or null
     */
    static ObjectNode meeting(StoredMeeting meeting, int participants, int observers, RecordingState recording) {
        MeetingSpec spec = meeting.spec();
        ObjectNode json = NODES.objectNode().put("id", meeting.id()).put("title", spec.title());
        if (spec.schedule() == null) {
            json.putNull("schedule");
        } else {
            json.putObject("schedule")
                    .put("start", spec.schedule().start().toString())
                    .put("end", spec.schedule().end().toString());
        }
        strings(json.putArray("languages"), spec.languages());
        json.put("floorLanguage", spec.floorLanguage());
        ArrayNode booths = json.putArray("booths");
        for (Booth booth : spec.booths()) {
            booths.addObject().put("language", booth.language()).put("relaySource", booth.relaySource());
        }
        strings(json.putArray("tierPolicy"), spec.tierPolicy());
        json.put("open", spec.open());
        json.put("floorControl", spec.floorControl().wireName());
        json.put("anonymousObservers", spec.anonymousObservers());
        json.put("webcast", spec.webcast());
        json.put("createdAt", meeting.createdAt().toString());
        time(json, "endedAt", meeting.endedAt());
        json.put("participants", participants);
        json.put("observers", observers);
        if (recording == null) {
            json.putNull("recording");
        } else {
            json.putObject("recording").put("recordingId", recording.recordingId())
                    .put("startedAt", recording.startedAt().toString());
        }
        json.put("owner", meeting.owner());
        return json;
    }

    static ObjectNode invitation(IssuedInvitation issued, String joinUrl) {
        return invitation(issued.invitation(), issued.token(), joinUrl);
    }

    /** A listed invitation: as when it was issued, with {@code createdAt} and {@code revokedAt}. */
    static ObjectNode invitation(InvitationRecord record, String token, String joinUrl) {
        ObjectNode json = invitation(record.invitation(), token, joinUrl)
                .put("createdAt", record.invitation().createdAt().toString());
        time(json, "revokedAt", record.revokedAt());
        return json;
    }

    private static ObjectNode invitation(Invitation invitation, String token, String joinUrl) {
        return NODES.objectNode()
                .put("invitationId", invitation.id())
                .put("meeting", invitation.meetingId())
                .put("role", invitation.role().wireName())
                .put("booth", invitation.booth())
                .put("name", invitation.name())
                .put("email", invitation.email())
                .put("language", invitation.language())
                .put("country", invitation.country())
                .put("organisation", invitation.organisation())
                .put("expiresAt", invitation.expiresAt().toString())
                .put("token", token)
                .put("joinUrl", joinUrl);
    }

    static ObjectNode account(Account account) {
        return NODES.objectNode()
                .put("name", account.name())
                .put("role", account.role().wireName())
                .put("createdAt", account.createdAt().toString());
    }

    /** A session, with the listener tiers of this server (what a meeting's {@code tierPolicy} may name, best first). */
    static ObjectNode session(LoginSessions.Session session, List<String> tiers) {
        ObjectNode json = NODES.objectNode()
                .put("account", session.account())
                .put("role", session.role().wireName())
                .put("expiresAt", session.expiresAt().toString());
        strings(json.putArray("tiers"), tiers);
        return json;
    }

    static ArrayNode participation(List<ParticipationRecord> log) {
        ArrayNode entries = NODES.arrayNode();
        for (ParticipationRecord record : log) {
            ObjectNode entry = entries.addObject()
                    .put("participantId", record.participantId())
                    .put("role", record.role())
                    .put("name", record.name())
                    .put("invitationId", record.invitationId())
                    .put("joinedAt", record.joinedAt().toString());
            time(entry, "leftAt", record.leftAt());
            ArrayNode channels = entry.putArray("channels");
            for (Map.Entry<String, Long> channel : new TreeMap<>(record.channelMillis()).entrySet()) {
                channels.addObject().put("channel", channel.getKey()).put("millis", channel.getValue());
            }
        }
        return entries;
    }

    static ObjectNode error(ApiError error, String message) {
        return NODES.objectNode().put("error", error.name()).put("message", message);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void time(ObjectNode json, String field, Instant instant) {
        if (instant == null) {
            json.putNull(field);
        } else {
            json.put(field, instant.toString());
        }
    }
}
