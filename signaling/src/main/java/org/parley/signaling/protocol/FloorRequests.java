package org.parley.signaling.protocol;

import org.parley.signaling.auth.Role;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;

/**
 * The floor requests of one session: {@code raiseHand}, {@code grantFloor}, {@code revokeFloor}
 * and {@code setFloorLanguage} (PROTOCOL.md). Each is checked against the sender's
 * role first, so a role that may not send it learns nothing but {@code FORBIDDEN}; then its fields.
 * The change itself is the {@link Meeting}'s, which tells everyone. Connection thread only.
 */
final class FloorRequests {

    private final ClientConnection connection;

    FloorRequests(ClientConnection connection) {
        this.connection = connection;
    }

    void handle(MessageType type, ClientMessage message, Participant self) throws ProtocolException {
        switch (type) {
            case RAISE_HAND -> raiseHand(message, self);
            case GRANT_FLOOR -> grantFloor(message, self);
            case REVOKE_FLOOR -> revokeFloor(message, self);
            case SET_FLOOR_LANGUAGE -> setFloorLanguage(message, self);
            default -> throw new IllegalArgumentException(type + " is not a floor request");
        }
    }

    private void raiseHand(ClientMessage message, Participant self) throws ProtocolException {
        Role role = self.role();
        if (!role.canRaiseHand()) {
            throw forbidden("raise a hand", "those who may publish, except interpreters,", role);
        }
        boolean raised = message.requiredBoolean("raised");
        self.meeting().raiseHand(self, raised);
        connection.send(ServerMessages.reply("hand", message.id()).put("raised", raised));
    }

    private void grantFloor(ClientMessage message, Participant self) throws ProtocolException {
        requireChair(self, "give the floor");
        Participant target = participant(message, self.meeting());
        if (!target.role().canRaiseHand()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "a " + target.role().wireName()
                    + " cannot be given the floor");
        }
        if (!self.meeting().grantFloor(target)) {
            throw unknownParticipant(target.id());
        }
        connection.send(ServerMessages.reply("floorGranted", message.id()).put("participantId", target.id()));
    }

    private void revokeFloor(ClientMessage message, Participant self) throws ProtocolException {
        requireChair(self, "take the floor");
        Participant target = participant(message, self.meeting());
        if (!self.meeting().revokeFloor(target)) {
            throw unknownParticipant(target.id());
        }
        connection.send(ServerMessages.reply("floorRevoked", message.id()).put("participantId", target.id()));
    }

    private void setFloorLanguage(ClientMessage message, Participant self) throws ProtocolException {
        requireChair(self, "set the floor language");
        String language = message.requiredString("language");
        Meeting meeting = self.meeting();
        if (!meeting.setFloorLanguage(language)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_LANGUAGE, "meeting \"" + meeting.id() + "\" has no language \""
                    + language + "\"; it has " + meeting.languages());
        }
        connection.send(ServerMessages.reply("floorLanguage", message.id()).put("language", language));
    }

    private static void requireChair(Participant self, String action) throws ProtocolException {
        if (!self.role().chairsFloor()) {
            throw forbidden(action, "a chair or an operator", self.role());
        }
    }

    private static Participant participant(ClientMessage message, Meeting meeting) throws ProtocolException {
        String participantId = message.requiredString("participantId");
        Participant target = meeting.participant(participantId);
        if (target == null) {
            throw unknownParticipant(participantId);
        }
        return target;
    }

    private static ProtocolException unknownParticipant(String participantId) {
        return new ProtocolException(ErrorCode.UNKNOWN_PARTICIPANT, "no participant \"" + participantId
                + "\" in this meeting");
    }

    private static ProtocolException forbidden(String action, String who, Role role) {
        return new ProtocolException(ErrorCode.FORBIDDEN, "only " + who + " may " + action + ", not a " + role.wireName());
    }
}
