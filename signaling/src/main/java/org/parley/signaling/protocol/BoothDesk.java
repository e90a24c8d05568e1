package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.parley.signaling.diagnostics.InternalErrors;
import org.parley.media.router.Producer;
import org.parley.mixer.booth.MicResult;
import org.parley.signaling.auth.Role;
import org.parley.signaling.interpretation.BoothControl;
import org.parley.signaling.interpretation.BoothState;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's booth desk: an interpreter's {@code slowDown}, {@code boothChat}, handovers
 * ({@code requestHandover}, {@code acceptHandover}, {@code takeOver}) and routing
 * ({@code setIncoming}, {@code setOutgoing}), each acting on the sender's own booth; and every
 * participant's place in its meeting's {@link MeetingBooths}, which sends the {@code booths} event.
 *
 * <p>Confined to the connection's thread, like {@link SignalingSession}. Mixer commands complete on
 * the mixer thread at the next tick; their replies are sent from the connection's executor.
 */
final class BoothDesk {

    private static final Logger LOG = LoggerFactory.getLogger(BoothDesk.class);

    /** Longest {@code boothChat} text, in characters (Unicode code points). */
    static final int MAX_CHAT_LENGTH = 500;

    private final BoothDesks desks;
    private final Optional<InterpretationChannels> interpretation;
    private final ClientConnection connection;
    private MeetingBooths booths;
    private MeetingBooths.Member member;

    BoothDesk(BoothDesks desks, Optional<InterpretationChannels> interpretation, ClientConnection connection) {
        this.desks = desks;
        this.interpretation = interpretation;
        this.connection = connection;
    }

    /**
     * The participant joins (called with the meeting locked, before its {@code joined} is sent);
     * returns the booths for that reply.
     */
    ArrayNode joined(Participant self) {
        member = new MeetingBooths.Member(self, connection);
        BoothDesks.Joined joined = desks.join(self.meeting(), member);
        booths = joined.desk();
        return joined.booths();
    }

    /** The others have been told that the participant joined: now they hear about its booth. */
    void announced() {
        if (member == null) {
            return; // an observer takes no seat
        }
        desks.announce(member.participant().meeting(), booths, member);
    }

    /** New producers of the participant; call before they reach the mixer. */
    void published(List<Producer> producers) {
        if (!producers.isEmpty() && booths != null) {
            booths.published(member.participant(), producers.getFirst().id());
        }
    }

    /** The participant's transport closed: its microphone is gone. */
    void unpublished() {
        if (booths == null) {
            return; // an observer takes no seat
        }
        booths.unpublished(member.participant());
    }

    /** The meeting gained or lost languages: the {@code booths} event shows the booths it has now. */
    void languagesChanged() {
        if (booths != null) {
            booths.languagesChanged();
        }
    }

    /** The participant left its meeting. */
    void left() {
        if (member == null) {
            return; // an observer took no seat
        }
        desks.leave(member.participant().meeting(), booths, member);
        booths = null;
        member = null;
    }

    /** Handles one booth-desk message of the joined participant. */
    void handle(MessageType type, ClientMessage message) throws ProtocolException {
        if (member == null || member.role() != Role.INTERPRETER) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only an interpreter may send " + type.wireName()
                    + ", not " + (member == null ? "an observer" : "a " + member.role().wireName()));
        }
        ChannelSubscriptions.requireBooth(member.participant(), type.wireName());
        switch (type) {
            case SLOW_DOWN -> slowDown(message);
            case BOOTH_CHAT -> boothChat(message);
            case REQUEST_HANDOVER -> requestHandover(message);
            case ACCEPT_HANDOVER -> acceptHandover(message);
            case TAKE_OVER -> takeOver(message);
            case SET_INCOMING -> setIncoming(message);
            case SET_OUTGOING -> setOutgoing(message);
            default -> throw new IllegalArgumentException(type + " is not a booth-desk message");
        }
    }

    /** {@code slowDown}: to the chairs, operators and whoever is heard on the floor now. */
    private void slowDown(ClientMessage message) {
        // Read before taking the booths' lock: the meeting's lock is never taken inside it.
        List<Participant> floorVoices = member.participant().meeting().floorVoices();
        booths.sendToChairsAndFloor(fromMe("slowDown"), floorVoices);
        connection.send(ServerMessages.reply("slowDownSent", message.id()));
    }

    /** {@code boothChat {text}}: to the booth partners. */
    private void boothChat(ClientMessage message) throws ProtocolException {
        String text = message.requiredString("text");
        if (text.codePointCount(0, text.length()) > MAX_CHAT_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"text\" must have 1 to " + MAX_CHAT_LENGTH
                    + " characters");
        }
        booths.sendToPartners(member.participant(), member.booth(), fromMe("boothChat").put("text", text));
        connection.send(ServerMessages.reply("boothChatSent", message.id()));
    }

    /** {@code requestHandover {to?}}: the live interpreter offers the microphone to a partner. */
    private void requestHandover(ClientMessage message) throws ProtocolException {
        String to = message.optionalString("to");
        BoothControl control = control();
        String microphone = myMicrophone(ErrorCode.HANDOVER_REFUSED);
        MeetingBooths.Partner partner = partner(to);
        Meeting meeting = member.participant().meeting();
        MeetingBooths.Member me = member;
        MeetingBooths desk = booths;
        JsonNode id = message.id();
        whenDone(control.requestHandover(microphone, partner.microphone()), (result, failure) -> {
            if (result == null) {
                connection.sendError(ErrorCode.INTERNAL, InternalErrors.report(LOG, "A handover request", failure), id);
            } else if (result.status() != MicResult.Status.HANDOVER_REQUESTED) {
                connection.sendError(ErrorCode.HANDOVER_REFUSED, ChannelSubscriptions.withNames(result.message(), meeting), id);
            } else {
                desk.sendTo(partner.participantId(), ServerMessages.reply("handoverRequest", null)
                        .put("from", me.participant().id()).put("fromName", me.participant().name())
                        .put("booth", me.booth()));
                connection.send(ServerMessages.reply("handoverRequested", id).put("to", partner.participantId()));
            }
        });
    }

    /** {@code acceptHandover}: the partner the microphone was offered to takes it at the next frame. */
    private void acceptHandover(ClientMessage message) throws ProtocolException {
        BoothControl control = control();
        String microphone = myMicrophone(ErrorCode.HANDOVER_REFUSED);
        switched(message.id(), control.acceptHandover(microphone));
    }

    /** {@code takeOver}: a partner takes the live microphone without asking. */
    private void takeOver(ClientMessage message) throws ProtocolException {
        BoothControl control = control();
        String microphone = myMicrophone(ErrorCode.MIC_REFUSED);
        switched(message.id(), control.takeOver(microphone));
    }

    /** {@code setIncoming {source}}: {@code floor} or the language the booth relays. */
    private void setIncoming(ClientMessage message) throws ProtocolException {
        String source = message.requiredString("source");
        if (!BoothState.FLOOR.equals(source)) {
            requireLanguage(source);
        }
        JsonNode id = message.id();
        routed(id, control().setIncoming(member.booth(), source),
                () -> ServerMessages.reply("incoming", id).put("source", source));
    }

    /** {@code setOutgoing {channel}}: the channel the booth speaks into; not while one of its microphones is live. */
    private void setOutgoing(ClientMessage message) throws ProtocolException {
        String channel = message.requiredString("channel");
        requireLanguage(channel);
        JsonNode id = message.id();
        routed(id, control().setOutgoing(member.booth(), channel),
                () -> ServerMessages.reply("outgoing", id).put("channel", channel));
    }

    private void routed(JsonNode id, CompletableFuture<BoothControl.Routing> routing,
                        Supplier<ObjectNode> reply) {
        Meeting meeting = member.participant().meeting();
        whenDone(routing, (result, failure) -> {
            if (result == null) {
                connection.sendError(ErrorCode.INTERNAL, InternalErrors.report(LOG, "A booth routing change", failure), id);
                return;
            }
            switch (result.status()) {
                case CHANGED -> connection.send(reply.get());
                case UNKNOWN_LANGUAGE -> connection.sendError(ErrorCode.UNKNOWN_LANGUAGE, result.message(), id);
                case RELAY_CYCLE -> connection.sendError(ErrorCode.RELAY_CYCLE, result.message(), id);
                case BOOTH_BUSY -> connection.sendError(ErrorCode.BOOTH_BUSY,
                        ChannelSubscriptions.withNames(result.message(), meeting), id);
            }
        });
    }

    /**
     * Replies {@code mic {granted}} when the microphone crossed over to this interpreter (or it took an
     * idle channel), and tells the previous holder {@code mic {released}}.
     */
    private void switched(JsonNode id, CompletableFuture<BoothControl.MicSwitch> outcome) {
        Meeting meeting = member.participant().meeting();
        MeetingBooths desk = booths;
        whenDone(outcome, (micSwitch, failure) -> {
            if (micSwitch == null) {
                connection.sendError(ErrorCode.INTERNAL, InternalErrors.report(LOG, "A microphone switch", failure), id);
                return;
            }
            MicResult result = micSwitch.result();
            String text = ChannelSubscriptions.withNames(result.message(), meeting);
            switch (result.status()) {
                case HANDED_OVER, GRANTED -> connection.send(mic(id, "granted", text));
                case ALREADY_LIVE -> connection.send(mic(id, "already_live", text));
                case REFUSED_NO_HANDOVER_PENDING, REFUSED_NOT_IN_BOOTH, REFUSED_NOT_LIVE ->
                        connection.sendError(ErrorCode.HANDOVER_REFUSED, text, id);
                default -> connection.sendError(ErrorCode.MIC_REFUSED, text, id);
            }
            if (micSwitch.previousSource() != null) {
                desk.sendToMicrophone(micSwitch.previousSource(), mic(null, "released", text));
            }
        });
    }

    private static ObjectNode mic(JsonNode id, String status, String text) {
        return ServerMessages.reply("mic", id).put("status", status).put("message", text);
    }

    /** An event naming this interpreter and its booth. */
    private ObjectNode fromMe(String type) {
        return ServerMessages.reply(type, null).put("participantId", member.participant().id())
                .put("name", member.participant().name()).put("booth", member.booth());
    }

    /** The partner named {@code to}, or the booth's only partner when {@code to} is null. */
    private MeetingBooths.Partner partner(String to) throws ProtocolException {
        List<MeetingBooths.Partner> partners = booths.partners(member.participant(), member.booth());
        if (to == null) {
            if (partners.isEmpty()) {
                throw new ProtocolException(ErrorCode.HANDOVER_REFUSED, "booth " + member.booth()
                        + " has no partner with a published microphone");
            }
            if (partners.size() > 1) {
                throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"to\" is required: booth " + member.booth()
                        + " has " + partners.size() + " partners");
            }
            return partners.getFirst();
        }
        for (MeetingBooths.Partner partner : partners) {
            if (partner.participantId().equals(to)) {
                return partner;
            }
        }
        throw new ProtocolException(ErrorCode.HANDOVER_REFUSED, "\"" + to + "\" is not a partner in booth "
                + member.booth() + " with a published microphone");
    }

    private String myMicrophone(ErrorCode refusal) throws ProtocolException {
        String microphone = booths.microphoneOf(member.participant());
        if (microphone == null) {
            throw new ProtocolException(refusal, "publish your booth microphone (an offer) first");
        }
        return microphone;
    }

    private void requireLanguage(String language) throws ProtocolException {
        List<String> languages = member.participant().meeting().languages();
        if (!languages.contains(language)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_LANGUAGE, "the meeting has no language \"" + language
                    + "\"; it has " + languages);
        }
    }

    /** The booth desk of the meeting's mixer, which starts if it has not yet. */
    private BoothControl control() throws ProtocolException {
        InterpretationChannels all = interpretation.orElseThrow(() ->
                new ProtocolException(ErrorCode.MEDIA_UNAVAILABLE, "this server runs without a media core"));
        return all.of(member.participant().meeting()).booths();
    }

    /** Continues on the connection's thread once the mixer has decided; never blocks it. */
    private <T> void whenDone(CompletableFuture<T> result, BiConsumer<? super T, ? super Throwable> then) {
        result.whenCompleteAsync(then, connection.executor());
    }
}
