package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.parley.signaling.auth.Role;
import org.parley.signaling.interpretation.BoothState;
import org.parley.signaling.interpretation.BoothsObserver;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.meeting.Participant;

/**
 * One meeting's booths as its participants see them: who sits in which booth, the booths' state
 * from the meeting's mixer, the audience of each booth's outgoing channel; and the {@code booths}
 * event that tells everyone in the meeting about it.
 *
 * <p>The event goes out whenever the view changes, except that listener counts alone change it at
 * most once per {@link #LISTENER_EVENT_INTERVAL_NANOS}: audiences come and go in bursts (a session
 * starts, everyone picks a language), and a timer then sends the latest counts once. The timer is
 * cancelled when the meeting's last participant leaves ({@link #close}).
 *
 * <p>Thread-safe: every method locks this object, and only ever calls non-blocking sends and the
 * mixer's lock-free control queue under it. Lock order: meeting, then {@link BoothDesks}, then this,
 * then {@link MeetingChannels}; nothing here calls back into a meeting.
 */
final class MeetingBooths implements BoothsObserver {

    /** Listener-count changes reach the participants at most this often. */
    static final long LISTENER_EVENT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, String> configured;
    private final EventExecutorGroup scheduler;
    /** In order of arrival. */
    private final List<MemberState> members = new ArrayList<>();
    /** Listeners of a channel by language; none before the mixer starts. */
    private ToIntFunction<String> audience = language -> 0;
    /** The mixer followed, or null. */
    private MeetingChannels mixer;
    private long appliedVersion;
    private Map<String, BoothState> states = Map.of();
    private ArrayNode lastSent;
    private long lastSentNanos;
    private ScheduledFuture<?> listenerEvent;
    private boolean closed;

    /**
     * @param configured the meeting's booths in order, each with its default relay source
     * @param scheduler  runs the coalesced listener event, on its own clock ({@link EventExecutorGroup#ticker()}),
     *                   and takes mixer snapshots off the mixer thread
     */
    MeetingBooths(Map<String, String> configured, EventExecutorGroup scheduler) {
        this.configured = configured;
        this.scheduler = scheduler;
        this.lastSentNanos = now() - LISTENER_EVENT_INTERVAL_NANOS;
    }

    /** Someone in the meeting, as the booth desk needs to know it. */
    record Member(Participant participant, Role role, String booth, ClientConnection connection) {
    }

    /** A booth partner with a published microphone. */
    record Partner(String participantId, String name, String microphone) {
    }

    /**
     * Adds a participant (a newcomer, with the meeting locked) and returns the booths for its
     * {@code joined}; {@link #announce} then tells the others.
     */
    synchronized ArrayNode join(Member member) {
        members.add(new MemberState(member));
        return view();
    }

    /** After the others heard that {@code newcomer} joined: a {@code booths} event if it sits in a booth. */
    synchronized void announce(Member newcomer) {
        broadcastIfChanged(newcomer, false);
    }

    /** The participant left the meeting; returns whether nobody is left. */
    synchronized boolean leave(Participant participant) {
        members.removeIf(state -> state.member.participant() == participant);
        broadcastIfChanged(null, false);
        return members.isEmpty();
    }

    /**
     * {@code participant} publishes: its first microphone, if it is an interpreter's, is its booth
     * microphone. Called before the microphone reaches the mixer, so the mixer's next snapshot finds it.
     */
    synchronized void published(Participant participant, String firstProducerId) {
        MemberState state = stateOf(participant);
        if (state != null) {
            state.publishes = true;
            if (state.microphone == null && state.member.role() == Role.INTERPRETER) {
                state.microphone = firstProducerId;
            }
        }
    }

    /** The participant's transport closed: it publishes nothing any more (the mixer reports the booth change). */
    synchronized void unpublished(Participant participant) {
        MemberState state = stateOf(participant);
        if (state != null) {
            state.publishes = false;
            state.microphone = null;
        }
    }

    /** The meeting's mixer started: its booth changes and audiences are followed from now on. Idempotent. */
    void attach(MeetingChannels started) {
        synchronized (this) {
            if (mixer == started) {
                return;
            }
            mixer = started;
        }
        if (follow(started::listeners)) {
            started.observe(this);
        }
    }

    /**
     * Takes listener counts from {@code listeners} (language → listeners of its channel) and expects
     * a new mixer's snapshots, numbered from 1; false once closed.
     */
    synchronized boolean follow(ToIntFunction<String> listeners) {
        if (closed) {
            return false;
        }
        audience = listeners;
        appliedVersion = 0;
        return true;
    }

    /** The last participant left: no more events, and the pending listener event is cancelled. */
    synchronized void close() {
        closed = true;
        if (listenerEvent != null) {
            listenerEvent.cancel(false);
            listenerEvent = null;
        }
    }

    /** The participant's booth microphone (producer id), or null before it publishes one. */
    synchronized String microphoneOf(Participant participant) {
        MemberState state = stateOf(participant);
        return state == null ? null : state.microphone;
    }

    /** The other interpreters of {@code booth} that publish a microphone, in order of arrival. */
    synchronized List<Partner> partners(Participant self, String booth) {
        List<Partner> partners = new ArrayList<>();
        for (MemberState state : members) {
            Member member = state.member;
            if (member.participant() != self && state.microphone != null && booth.equals(member.booth())) {
                partners.add(new Partner(member.participant().id(), member.participant().name(), state.microphone));
            }
        }
        return partners;
    }

    /** Sends {@code event} to the participant whose booth microphone is {@code microphone}, if still here. */
    synchronized void sendToMicrophone(String microphone, ObjectNode event) {
        for (MemberState state : members) {
            if (microphone.equals(state.microphone)) {
                state.member.connection().send(event);
            }
        }
    }

    /** Sends {@code event} to the participant {@code participantId}, if still here. */
    synchronized void sendTo(String participantId, ObjectNode event) {
        for (MemberState state : members) {
            if (state.member.participant().id().equals(participantId)) {
                state.member.connection().send(event);
            }
        }
    }

    /** Sends {@code event} to the other interpreters of {@code booth}. */
    synchronized void sendToPartners(Participant self, String booth, ObjectNode event) {
        for (MemberState state : members) {
            Member member = state.member;
            if (member.participant() != self && member.role() == Role.INTERPRETER && booth.equals(member.booth())) {
                member.connection().send(event);
            }
        }
    }

    /**
     * Sends {@code event} to the chairs and operators, and to the floor voices: everyone else who
     * publishes and is not an interpreter.
     */
    synchronized void sendToChairsAndFloor(ObjectNode event) {
        for (MemberState state : members) {
            Role role = state.member.role();
            boolean floorVoice = state.publishes && role != Role.INTERPRETER;
            if (role == Role.CHAIR || role == Role.OPERATOR || floorVoice) {
                state.member.connection().send(event);
            }
        }
    }

    /** Mixer thread: hands the snapshot to the scheduler, which applies it. */
    @Override
    public void boothsChanged(long version, List<BoothState> booths) {
        try {
            scheduler.execute(() -> apply(version, booths));
        } catch (RejectedExecutionException e) {
            // The server is shutting down: nobody is left to tell.
        }
    }

    @Override
    public synchronized void listenersChanged() {
        if (closed || listenerEvent != null) {
            return;
        }
        long delay = Math.max(0, lastSentNanos + LISTENER_EVENT_INTERVAL_NANOS - now());
        try {
            listenerEvent = scheduler.schedule(this::listenerEventDue, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down.
        }
    }

    private synchronized void listenerEventDue() {
        listenerEvent = null;
        broadcastIfChanged(null, true);
    }

    private synchronized void apply(long version, List<BoothState> booths) {
        // Snapshots hop threads; one overtaken by a newer one is stale.
        if (closed || version <= appliedVersion) {
            return;
        }
        appliedVersion = version;
        Map<String, BoothState> byLanguage = new HashMap<>();
        for (BoothState booth : booths) {
            byLanguage.put(booth.language(), booth);
        }
        states = byLanguage;
        broadcastIfChanged(null, false);
    }

    /**
     * Sends the {@code booths} event to everyone but {@code except} if the view differs from the last
     * one sent; a difference in listener counts only waits for the listener event, unless this is it.
     */
    private void broadcastIfChanged(Member except, boolean listenerEventDue) {
        if (closed) {
            return;
        }
        ArrayNode view = view();
        if (view.equals(lastSent)) {
            return;
        }
        if (!listenerEventDue && lastSent != null && withoutListeners(view).equals(withoutListeners(lastSent))) {
            listenersChanged();
            return;
        }
        lastSent = view;
        ObjectNode event = ServerMessages.reply("booths", null);
        event.set("booths", view);
        for (MemberState state : members) {
            if (!state.member.equals(except)) {
                state.member.connection().send(event);
                lastSentNanos = now(); // the interval runs from the last event someone received
            }
        }
    }

    /** The {@code booths} array: the configured booths, then any other an interpreter sits in. */
    private ArrayNode view() {
        Set<String> languages = new LinkedHashSet<>(configured.keySet());
        for (MemberState state : members) {
            if (state.member.booth() != null) {
                languages.add(state.member.booth());
            }
        }
        ArrayNode view = NODES.arrayNode();
        for (String language : languages) {
            view.add(booth(language));
        }
        return view;
    }

    private ObjectNode booth(String language) {
        BoothState state = states.get(language);
        String outgoing = state == null ? language : state.outgoing();
        ObjectNode booth = NODES.objectNode();
        booth.put("language", language);
        booth.put("incoming", state == null ? configured.getOrDefault(language, BoothState.FLOOR) : state.incoming());
        booth.put("outgoing", outgoing);
        String liveSource = state == null ? null : state.liveSource();
        MemberState live = liveSource == null ? null : memberWith(liveSource);
        booth.set("live", live == null ? NODES.nullNode() : person(live));
        ArrayNode interpreters = booth.putArray("interpreters");
        for (MemberState member : members) {
            if (member.member.role() == Role.INTERPRETER && language.equals(member.member.booth())) {
                BoothState.Microphone microphone = microphoneOf(state, member.microphone);
                interpreters.add(person(member)
                        .put("live", microphone != null && microphone.live())
                        .put("coughing", microphone != null && microphone.coughing()));
            }
        }
        MemberState from = state == null || state.pendingFrom() == null ? null : memberWith(state.pendingFrom());
        MemberState to = state == null || state.pendingTo() == null ? null : memberWith(state.pendingTo());
        booth.set("pendingHandover", from == null || to == null ? NODES.nullNode() : NODES.objectNode()
                .put("from", from.member.participant().id()).put("to", to.member.participant().id()));
        booth.put("listeners", audience.applyAsInt(outgoing));
        return booth;
    }

    private long now() {
        return scheduler.ticker().nanoTime();
    }

    private static ArrayNode withoutListeners(ArrayNode view) {
        ArrayNode copy = view.deepCopy();
        for (int i = 0; i < copy.size(); i++) {
            ((ObjectNode) copy.get(i)).remove("listeners");
        }
        return copy;
    }

    private static BoothState.Microphone microphoneOf(BoothState state, String sourceId) {
        if (state == null || sourceId == null) {
            return null;
        }
        for (BoothState.Microphone microphone : state.interpreters()) {
            if (microphone.sourceId().equals(sourceId)) {
                return microphone;
            }
        }
        return null;
    }

    private static ObjectNode person(MemberState state) {
        Participant participant = state.member.participant();
        return NODES.objectNode().put("participantId", participant.id()).put("name", participant.name());
    }

    private MemberState memberWith(String microphone) {
        for (MemberState state : members) {
            if (microphone.equals(state.microphone)) {
                return state;
            }
        }
        return null;
    }

    private MemberState stateOf(Participant participant) {
        for (MemberState state : members) {
            if (state.member.participant() == participant) {
                return state;
            }
        }
        return null;
    }

    /** A member and what it publishes; guarded by the enclosing {@link MeetingBooths}. */
    private static final class MemberState {
        final Member member;
        /** The interpreter's booth microphone (producer id), or null. */
        String microphone;
        boolean publishes;

        MemberState(Member member) {
            this.member = member;
        }
    }
}
