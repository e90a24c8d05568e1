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
import org.parley.signaling.diagnostics.InternalErrors;
import org.parley.media.router.Consumer;
import org.parley.media.router.Producer;
import org.parley.media.router.Router;
import org.parley.media.transport.WebRtcTransport;
import org.parley.mixer.booth.MicResult;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;
import org.parley.signaling.auth.Role;
import org.parley.signaling.interpretation.ChannelKey;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.interpretation.TierLadder;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.meeting.Listening;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.metrics.SignalingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's part in its meeting's interpretation: the language channels its receiving m-lines
 * follow ({@code subscribeChannel}), the microphones it feeds into the mixer, and an interpreter's
 * microphone commands ({@code micOn}, {@code micOff}, {@code cough}). An m-line subscribed with
 * {@code tier: "auto"} has a {@link TierLadder} that {@link #adaptTiers} feeds with the listener's
 * reception reports.
 *
 * <p>Confined to the connection's thread, like {@link SignalingSession}; replies to microphone
 * commands, decided on the mixer thread at the next tick, are sent from the connection's executor.
 */
final class ChannelSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelSubscriptions.class);
    /** The tier name that lets the server pick the tier from the listener's link. */
    static final String AUTO = "auto";

    private final Optional<InterpretationChannels> interpretation;
    private final ClientConnection connection;
    private final SignalingMetrics metrics;
    /** Receiving mid → the channel stream it follows, in order of subscription. */
    private final Map<String, ChannelKey> following = new LinkedHashMap<>();
    /** Receiving mid → its tier ladder, for the m-lines subscribed with {@code tier: "auto"}. */
    private final Map<String, TierLadder> ladders = new LinkedHashMap<>();
    /** {@link WebRtcTransport#outboundReports()} when {@link #adaptTiers} last read a report. */
    private long reportsRead;
    /** This participant's producers that feed the mixer. */
    private final List<Producer> sources = new ArrayList<>();
    private MeetingChannels channels;
    /** The interpreter's microphone in the mix, or null. */
    private String interpreterSource;
    /** The participant's floor voice in the mix (its first non-interpreter producer), or null. */
    private String floorSource;
    /** Whether the participant's floor voice is heard now (see {@link #floorHeard}). */
    private boolean heard;

    ChannelSubscriptions(Optional<InterpretationChannels> interpretation, ClientConnection connection,
                         SignalingMetrics metrics) {
        this.interpretation = interpretation;
        this.connection = connection;
        this.metrics = metrics;
    }

    /**
     * New producers of this participant: floor voices, or the booth microphone of an interpreter.
     *
     * @param heard whether floor voices are heard now (see {@link #floorHeard})
     */
    void published(Meeting meeting, List<Producer> producers, Role role, String booth, boolean heard,
                   Function<String, Consumer> consumers, Router router) {
        if (producers.isEmpty() || interpretation.isEmpty()) {
            return;
        }
        this.heard = heard;
        try {
            MeetingChannels meetingChannels = channels(meeting);
            for (Producer producer : producers) {
                boolean interpreter = role == Role.INTERPRETER;
                meetingChannels.addSource(producer, interpreter ? booth : null, heard);
                sources.add(producer);
                if (interpreter && interpreterSource == null) {
                    interpreterSource = producer.id();
                } else if (!interpreter && floorSource == null) {
                    floorSource = producer.id();
                }
            }
            reconsiderMixMinus(consumers, router); // m-lines subscribed before publishing
        } catch (RuntimeException e) {
            // The offer has been answered and its media is forwarded; only the interpretation lacks this voice.
            LOG.warn("Could not feed {} into the interpretation of meeting {}", producers, meeting.id(), e);
        }
    }

    /**
     * {@code subscribeChannel {mid, language, variant, tier}}: the consumer of {@code mid} follows that
     * channel stream; sent again, it switches stream with no renegotiation. Returns the {@code subscribed}
     * reply for the caller to send once it has recorded the switch.
     */
    ObjectNode subscribeChannel(ClientMessage message, Meeting meeting, Role role, Consumer consumer, Router router)
            throws ProtocolException {
        String mid = message.requiredString("mid");
        String language = message.requiredString("language");
        String variantName = message.requiredString("variant");
        String tierName = message.requiredString("tier");
        InterpretationChannels all = interpretation.orElseThrow(() ->
                new ProtocolException(ErrorCode.MEDIA_UNAVAILABLE, "this server runs without a media core"));
        TierLadder ladder = null;
        if (tierName.equals(AUTO)) {
            // Another language on the same m-line keeps what the ladder learnt of the link.
            ladder = ladders.get(mid);
            if (ladder == null) {
                ladder = newLadder(all.tiers(), meeting, role);
            }
            tierName = ladder.tier();
        }
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
        List<String> allowed = meeting.tiersFor(role);
        if (!allowed.contains(tierName)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "tier \"" + tierName + "\" is not allowed in this meeting; "
                    + "you may use " + allowed);
        }
        MeetingChannels meetingChannels = channels(meeting);
        // Both variants of the floor are the floor mix: its idle MIXED stream is the floor at full level.
        ChannelKey key = heardAs(new ChannelKey(language, floor ? Variant.MIXED : variant, tier));
        Producer producer = meetingChannels.producer(key);
        if (producer == null && key.isMixMinus()) {
            key = key.ordinary(); // its own stream's id is still being released: the ordinary one for now
            producer = meetingChannels.producer(key);
        }
        if (producer == null) {
            // The language was removed from the meeting since the check above, or its mixer has just closed.
            throw new ProtocolException(ErrorCode.UNKNOWN_LANGUAGE, "meeting \"" + meeting.id() + "\" has no channel \""
                    + language + "\" now");
        }
        follow(mid, key, consumer, producer, router);
        if (ladder != null) {
            ladders.put(mid, ladder);
        } else {
            ladders.remove(mid);
        }
        return ServerMessages.subscribed(message.id(), mid, key.ordinary().producerId(meeting.id()))
                .put("tier", tier.name()).put("auto", ladder != null).put("mixMinus", key.isMixMinus());
    }

    /**
     * The stream this participant hears for the channel stream {@code ordinary}: while its floor voice
     * is heard, its own mix-minus of it (the same stream without its voice: no echo of itself, see
     * {@link ChannelKey#mixMinusOf}); otherwise the ordinary one. Whatever the variant: the mixer
     * encodes a mix-minus only while the speaker is audible in it, and otherwise sends the ordinary
     * stream's packets on it (a CLEAN channel under a live interpreter carries no floor).
     */
    private ChannelKey heardAs(ChannelKey ordinary) {
        return heard && floorSource != null ? ordinary.withMixMinusOf(floorSource) : ordinary.ordinary();
    }

    /**
     * Moves each m-line to the stream {@link #heardAs} says now (the floor voice became heard or not,
     * or was published): on the same consumer, like a tier switch, so the client sees no change but
     * its own voice leaving or joining what it hears. Connection thread.
     */
    void reconsiderMixMinus(Function<String, Consumer> consumers, Router router) {
        if (channels == null) {
            return;
        }
        for (Map.Entry<String, ChannelKey> followed : List.copyOf(following.entrySet())) {
            ChannelKey now = followed.getValue();
            ChannelKey wanted = heardAs(now);
            if (wanted.equals(now)) {
                continue;
            }
            Consumer consumer = consumers.apply(followed.getKey());
            Producer producer = channels.producer(wanted);
            if (consumer == null || producer == null) {
                continue; // the transport or the mixer is closing, or the stream's id is still being released
            }
            try {
                follow(followed.getKey(), wanted, consumer, producer, router);
            } catch (IllegalArgumentException e) {
                LOG.debug("Could not move {} to {}", followed.getKey(), wanted, e); // closed meanwhile
            }
        }
    }

    /** Points {@code consumer} at {@code producer} and moves the mid's listener count to {@code key}. */
    private void follow(String mid, ChannelKey key, Consumer consumer, Producer producer, Router router) {
        router.connect(consumer, producer);
        ChannelKey previous = following.put(mid, key);
        if (!key.equals(previous)) {
            channels.listenerAdded(key);
            if (previous != null) {
                channels.listenerRemoved(previous);
            }
        }
    }

    /**
     * A ladder over the tiers {@code role} may use, best first, but for the server's best tier
     * ({@code studio} by default) if any other is allowed: that is the interpreters' relay tier, chosen
     * by name, not a step a delegate's link should climb to.
     */
    private static TierLadder newLadder(TierSet tiers, Meeting meeting, Role role) {
        return new TierLadder(ladderRungs(tiers, meeting.tiersFor(role)), System.nanoTime());
    }

    private static List<String> ladderRungs(TierSet tiers, List<String> allowed) {
        List<String> rungs = new ArrayList<>(allowed);
        if (rungs.size() > 1) {
            rungs.remove(ListenerTiers.of(tiers).best());
        }
        return rungs;
    }

    /**
     * The tiers the participant may use changed ({@code tierPolicy}): each {@code auto} m-line gets a
     * ladder over the new tiers, on its current tier if that is still one of them. One that is not
     * moves at the next reception report ({@link #adaptTiers}). Connection thread.
     */
    void tiersAllowed(List<String> allowed) {
        if (ladders.isEmpty() || allowed.isEmpty()) {
            return;
        }
        List<String> rungs = ladderRungs(interpretation.orElseThrow().tiers(), allowed);
        long now = System.nanoTime();
        for (Map.Entry<String, TierLadder> entry : ladders.entrySet()) {
            ChannelKey current = following.get(entry.getKey());
            entry.setValue(new TierLadder(rungs, current == null ? null : current.tier().name(), now));
        }
    }

    /** Whether an m-line follows the link ({@code tier: "auto"}), so {@link #adaptTiers} has work. */
    boolean adaptsTiers() {
        return !ladders.isEmpty();
    }

    /**
     * Feeds the listener's newest reception report, if there is one since the last call, to each
     * {@code auto} m-line's ladder and moves those whose ladder says so, telling the client with
     * {@code tierChanged}. Connection thread, about once a second.
     *
     * @return whether an m-line changed tier
     */
    boolean adaptTiers(WebRtcTransport transport, Router router, long nowNanos) {
        long reports = transport.outboundReports();
        if (reports == reportsRead || channels == null) {
            return false;
        }
        reportsRead = reports;
        double lossPercent = transport.quality().outboundLossPercent();
        boolean changed = false;
        for (Map.Entry<String, TierLadder> entry : ladders.entrySet()) {
            TierLadder ladder = entry.getValue();
            ladder.report(lossPercent, nowNanos);
            ChannelKey current = following.get(entry.getKey());
            // Compared rather than taken from report(): a move that failed (its channel was going away) is retried.
            if (current != null && !current.tier().name().equals(ladder.tier())) {
                changed |= moveTier(entry.getKey(), ladder.tier(), lossPercent, transport, router);
            }
        }
        return changed;
    }

    private boolean moveTier(String mid, String tierName, double lossPercent, WebRtcTransport transport, Router router) {
        ChannelKey from = following.get(mid);
        Consumer consumer = transport.consumer(mid);
        Tier tier = interpretation.orElseThrow().tiers().get(tierName);
        if (from == null || consumer == null || tier == null) {
            return false;
        }
        ChannelKey to = heardAs(from.inTier(tier));
        Producer producer = channels.producer(to);
        if (producer == null && to.isMixMinus()) {
            to = to.ordinary();
            producer = channels.producer(to);
        }
        if (producer == null) {
            return false; // the channel is going away; the next report tries again (see adaptTiers)
        }
        follow(mid, to, consumer, producer, router);
        metrics.autoTierMoved(tier.bitrate() < from.tier().bitrate());
        connection.send(ServerMessages.tierChanged(mid, tierName, to.ordinary().producerId(channels.meetingId()),
                lossPercent));
        return true;
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
            ChannelKey now = heardAs(new ChannelKey(ChannelKey.FLOOR, Variant.MIXED, was.tier()));
            Consumer consumer = consumers.apply(followed.getKey());
            Producer floor = channels.producer(now);
            if (consumer == null || floor == null) {
                continue; // the transport or the mixer is closing: nothing to move
            }
            follow(followed.getKey(), now, consumer, floor, router); // replaces the value only: iteration goes on
            moved.add(new FloorMove(followed.getKey(), was.language(), now.ordinary().producerId(channels.meetingId())));
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
    void floorHeard(boolean heard, Function<String, Consumer> consumers, Router router) {
        this.heard = heard;
        if (channels == null) {
            return;
        }
        for (Producer producer : sources) {
            channels.setFloorSpeaker(producer, heard); // an interpreter's microphone is left alone
        }
        reconsiderMixMinus(consumers, router);
    }

    /** The consumer of {@code mid} follows something else now (or nothing): it leaves its channel. */
    void midReleased(String mid) {
        ladders.remove(mid);
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
        ladders.clear();
        sources.clear();
        interpreterSource = null;
        floorSource = null;
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
                connection.sendError(ErrorCode.INTERNAL, InternalErrors.report(LOG, "A microphone command", failure), id);
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
