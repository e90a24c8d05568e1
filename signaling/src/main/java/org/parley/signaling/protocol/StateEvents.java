package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The server events that describe state rather than happenings, so that only the latest of a kind
 * matters to a client that has not read the earlier ones yet: what a connection merges while its
 * client lags (PROTOCOL.md, "A client that stops reading").
 *
 * <p>Events of one key replace each other; a {@code participantJoined} the client never read and the
 * {@code participantLeft} of the same participant cancel out, as do a {@code producerAdded} and its
 * {@code producerRemoved}. Replies (any message with an {@code id}) and happenings (captions, booth chat,
 * errors) have no key: each is delivered.
 */
public final class StateEvents {

    private StateEvents() {
    }

    /** The key under which {@code message} replaces an earlier held one, or null if it must be delivered as is. */
    public static String key(ObjectNode message) {
        if (message.has("id")) {
            return null;
        }
        JsonNode type = message.get("type");
        if (type == null) {
            return null;
        }
        return switch (type.asText()) {
            // A participant's id names one stay in the meeting: joined, then left, never joined again.
            case "participantJoined", "participantLeft" -> "participant " + message.path("participantId").asText();
            case "producerAdded", "producerRemoved" -> "producer " + message.path("producerId").asText();
            // Each carries the whole of its state.
            case "floor", "roster", "booths", "tierPolicy" -> type.asText();
            default -> null;
        };
    }

    /** Whether {@code next} undoes {@code held} (both under one {@link #key}), so that neither need be sent. */
    public static boolean cancels(ObjectNode held, ObjectNode next) {
        String was = held.path("type").asText();
        String now = next.path("type").asText();
        return was.equals("participantJoined") && now.equals("participantLeft")
                || was.equals("producerAdded") && now.equals("producerRemoved");
    }
}
