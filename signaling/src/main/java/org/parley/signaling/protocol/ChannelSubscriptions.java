package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.parley.media.router.Consumer;
import org.parley.media.router.Producer;
import org.parley.media.router.Router;
import org.parley.mixer.booth.MicResult;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tier.Tier;
import org.parley.signaling.auth.Role;
import org.parley.signaling.interpretation.ChannelKey;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.meeting.Listening;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's part in its meeting's interpretation: the language channels its receiving m-lines
 * follow ({@code subscribeChannel}), the microphones it feeds into the mixer, and an interpreter's
 * microphone commands ({@code micOn}, {@code micOff}, {@code cough}).
 *
 * <p>Confined to the connection's thread, like {@link SignalingSession}; replies to microphone
 * commands, decided on the mixer thread at the next tick, are sent from the connection's executor.
 */
final class ChannelSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelSubscriptions.class);
    private static final String STUDIO = "studio";

    private final Optional<InterpretationChannels> interpretation;
    private final ClientConnection connection;
    /** Receiving mid → the channel stream it follows, in order of subscription. */
    private final Map<String, ChannelKey> following = new LinkedHashMap<>();
    /** This participant's producers that feed the mixer. */
    private final List<Producer> sources = new ArrayList<>();
    private MeetingChannels channels;
    /** The interpreter's microphone in the mix, or null. */
    private String interpreterSource;

    ChannelSubscriptions(Optional<InterpretationChannels> interpretation, ClientConnection connection) {
        this.interpretation = interpretation;
        this.connection = connection;
    }

    /**
     * New producers of this participant: floor voices, or the booth microphone of an interpreter.
     *
     * @param heard whether floor voices are heard now (see {@link #floorHeard})
     */
    void published(Meeting meeting, List<Producer> producers, Role role, String booth, boolean heard) {
        if (producers.isEmpty() || interpretation.isEmpty()) {
            return;
        }
        try {
            MeetingChannels meetingChannels = channels(meeting);
            for (Producer producer : producers) {
                boolean interpreter = role == Role.INTERPRETER;
                meetingChannels.addSource(producer, interpreter ? booth : null, heard);
                sources.add(producer);
                if (interpreter && interpreterSource == null) {
                    interpreterSource = producer.id();
                }
            }
        } catch (RuntimeException e) {
            // The offer has been answered and its media is forwarded; only the interpretation lacks this voice.
            LOG.warn("Could not feed {} into the interpretation of meeting {}", producers, meeting.id(), e);
        }
    }

    /**
     * {@code subscribeChannel {mid, language, variant, tier}}: the consumer of {@code mid} follows that
     * channel stream; sent again, it switches stream with no renegotiation.
     */
    void subscribeChannel(ClientMessage message, Meeting meeting, Role role, Consumer consumer, Router router)
            throws ProtocolException {
        String mid = message.requiredString("mid");
        String language = message.requiredString("language");
        String variantName = message.requiredString("variant");
        String tierName = message.requiredString("tier");
        InterpretationChannels all = interpretation.orElseThrow(() ->
                new ProtocolException(ErrorCode.MEDIA_UNAVAILABLE, "this server runs without a media core"));
        boolean floor = ChannelKey.FLOOR.equals(language);
        if (!floor && !meeting.languages().contains(language)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_LANGUAGE, "meeting \"" + meeting.id() + "\" has no language \""
                    + language + "\"; it has " + meeting.languages() + " and \"floor\"");
        }
        Variant variant = ChannelKey.variantNamed(variantName);
        if (variant == null) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"variant\" must be \"clean\" or \"mixed\"");
        }
        Tier tier = all.tiers().get(tierName);
        if (tier == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TIER, "no tier \"" + tierName + "\"; tiers are "
                    + all.tiers().names());
        }
        requireAllowedTier(meeting, role, tierName);
        MeetingChannels meetingChannels = channels(meeting);
        // Both variants of the floor are the floor mix: its idle MIXED stream is the floor at full level.
        ChannelKey key = new ChannelKey(language, floor ? Variant.MIXED : variant, tier);
        Producer producer = meetingChannels.producer(key);
        if (producer == null) {
            // The language was removed from the meeting since the check above, or its mixer has just closed.
            throw new ProtocolException(ErrorCode.UNKNOWN_LANGUAGE, "meeting \"" + meeting.id() + "\" has no channel \""
                    + language + "\" now");
        }
        router.connect(consumer, producer);
        ChannelKey previous = following.put(mid, key);
        if (!key.equals(previous)) {
            meetingChannels.listenerAdded(key);
            if (previous != null) {
                meetingChannels.listenerRemoved(previous);
            }
        }
        connection.send(ServerMessages.subscribed(message.id(), mid, producer.id()));
    }

    /** A tier outside the meeting's policy is refused; interpreters, chairs and operators may always use studio. */
    private static void requireAllowedTier(Meeting meeting, Role role, String tierName) throws ProtocolException {
        List<String> allowed = meeting.tierPolicy();
        if (allowed.contains(tierName) || (role.alwaysMayUseStudio() && tierName.equals(STUDIO))) {
            return;
        }
        throw new ProtocolException(ErrorCode.FORBIDDEN, "tier \"" + tierName + "\" is not allowed in this meeting; "
                + "allowed tiers are " + allowed);
    }

    /**
     * The meeting dropped the languages {@code removed}: every m-line following one of them follows the
     * floor from now on, in the same tier, on the same consumer (no renegotiation, like a
     * {@code subscribeChannel} switch).
     *
     * @param consumers the consumer of a receiving mid, or null if the transport has none
     * @return the m-lines moved, in order of subscription
     */
    List<FloorMove> moveToFloor(List<String> removed, Function<String, Consumer> consumers, Router router) {
        List<FloorMove> moved = new ArrayList<>();
        if (channels == null) {
            return moved;
        }
        for (Map.Entry<String, ChannelKey> followed : following.entrySet()) {
            ChannelKey was = followed.getValue();
            if (!removed.contains(was.language())) {
                continue;
            }
            ChannelKey now = new ChannelKey(ChannelKey.FLOOR, Variant.MIXED, was.tier());
            Consumer consumer = consumers.apply(followed.getKey());
            Producer floor = channels.producer(now);
            if (consumer == null || floor == null) {
                continue; // the transport or the mixer is closing: nothing to move
            }
            router.connect(consumer, floor);
            followed.setValue(now);
            channels.listenerAdded(now);
            channels.listenerRemoved(was);
            moved.add(new FloorMove(followed.getKey(), was.language(), floor.id()));
        }
        return moved;
    }

    /**
     * An m-line moved to the floor because its language was removed.
     *
     * @param language        the removed language it followed
     * @param floorProducerId the floor stream it follows now
     */
    record FloorMove(String mid, String language, String floorProducerId) {
    }

    /**
     * The interpreter's booth was removed from the meeting: its microphones stop feeding the mixer
     * (they stay published, and {@link #boothReopened} feeds them again).
     */
    void boothRemoved() {
        if (channels == null || interpreterSource == null) {
            return;
        }
        for (Producer producer : sources) {
            channels.removeSource(producer);
        }
    }

    /** The interpreter's booth is back in the meeting (a language added again): its microphones feed it, off. */
    void boothReopened(String booth) {
        if (channels == null || interpreterSource == null) {
            return;
        }
        for (Producer producer : sources) {
            channels.addSource(producer, booth);
        }
    }

    /** The channel the first of its subscribed m-lines follows, or null. */
    Listening listening() {
        if (following.isEmpty()) {
            return null;
        }
        ChannelKey first = following.values().iterator().next();
        return new Listening(first.language(), first.variantName(), first.tier().name());
    }

    /**
     * The participant's floor voices are heard now, or not any more: they join or leave the floor mix
     * (the router side is {@link FloorVoice}'s).
     */
    void floorHeard(boolean heard) {
        if (channels == null) {
            return;
        }
        for (Producer producer : sources) {
            channels.setFloorSpeaker(producer, heard); // an interpreter's microphone is left alone
        }
    }

    /** The consumer of {@code mid} follows something else now (or nothing): it leaves its channel. */
    void midReleased(String mid) {
        ChannelKey previous = following.remove(mid);
        if (previous != null && channels != null) {
            channels.listenerRemoved(previous);
        }
    }

    /** {@code micOn}: the interlock decides; a refusal is an error {@code MIC_REFUSED} naming who holds the channel. */
    void micOn(ClientMessage message, Participant self) throws ProtocolException {
        String source = requireInterpreterSource(self, "micOn");
        reply(message.id(), self.meeting(), channels.micOn(source));
    }

    void micOff(ClientMessage message, Participant self) throws ProtocolException {
        String source = requireInterpreterSource(self, "micOff");
        reply(message.id(), self.meeting(), channels.micOff(source));
    }

    /** {@code cough {held}}: mutes the live microphone while held (3 ms ramps). */
    void cough(ClientMessage message, Participant self) throws ProtocolException {
        String source = requireInterpreterSource(self, "cough");
        boolean isHeld = message.requiredBoolean("held");
        JsonNode id = message.id();
        channels.cough(source, isHeld).whenCompleteAsync((done, failure) -> {
            ObjectNode reply = ServerMessages.reply("cough", id);
            reply.put("held", isHeld);
            connection.send(reply);
        }, connection.executor());
    }

    /** The participant leaves or loses its transport: its channels lose a listener, its microphones leave the mix. */
    void stopAll() {
        if (channels != null) {
            for (ChannelKey key : following.values()) {
                channels.listenerRemoved(key);
            }
            for (Producer producer : sources) {
                channels.removeSource(producer);
            }
        }
        following.clear();
        sources.clear();
        interpreterSource = null;
    }

    /** The participant has left its meeting: forgets the meeting's channels, which stop if it was the last one in. */
    void left(Meeting meeting) {
        stopAll();
        channels = null;
        interpretation.ifPresent(all -> all.releaseIfEmpty(meeting));
    }

    private MeetingChannels channels(Meeting meeting) {
        if (channels == null) {
            channels = interpretation.orElseThrow().of(meeting);
        }
        return channels;
    }

    private String requireInterpreterSource(Participant self, String command) throws ProtocolException {
        Role role = self.role();
        if (role != Role.INTERPRETER) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only an interpreter may send " + command + ", not a "
                    + role.wireName());
        }
        requireBooth(self, command);
        if (interpreterSource == null) {
            throw new ProtocolException(ErrorCode.MIC_REFUSED, "publish your booth microphone (an offer) first");
        }
        return interpreterSource;
    }

    /** An interpreter whose booth the meeting no longer has (its language was removed) only listens. */
    static void requireBooth(Participant interpreter, String command) throws ProtocolException {
        String booth = interpreter.booth();
        if (booth != null && !interpreter.meeting().languages().contains(booth)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "booth " + interpreter.booth() + " has been removed from"
                    + " the meeting: its interpreters may listen, not send " + command);
        }
    }

    private void reply(JsonNode id, Meeting meeting, CompletableFuture<MicResult> result) {
        result.whenCompleteAsync((mic, failure) -> {
            if (failure != null) {
                connection.sendError(ErrorCode.INTERNAL, String.valueOf(failure), id);
            } else if (!mic.accepted()) {
                connection.sendError(ErrorCode.MIC_REFUSED, withNames(mic.message(), meeting), id);
            } else {
                ObjectNode reply = ServerMessages.reply("mic", id);
                reply.put("status", mic.status().name().toLowerCase(Locale.ROOT));
                reply.put("message", withNames(mic.message(), meeting));
                connection.send(reply);
            }
        }, connection.executor());
    }

    /** The mixer names microphones by producer id; people want the interpreter's name. */
    static String withNames(String text, Meeting meeting) {
        String named = text;
        for (Participant participant : meeting.participants()) {
            for (String producerId : participant.producerIds()) {
                named = named.replace(producerId, participant.name());
            }
        }
        return named;
    }
}
