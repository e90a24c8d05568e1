package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.parley.signaling.auth.Role;
import org.parley.signaling.dashboard.BoothSnapshot;
import org.parley.signaling.interpretation.BoothState;
import org.parley.signaling.interpretation.BoothsObserver;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;

/**
 * One meeting's booths as its participants see them: who sits in which booth, the booths' state
 * from the meeting's mixer, the audience of each booth's outgoing channel; and the {@code booths}
 * event that tells everyone in the meeting about it.
 *
 * <p>Who someone is (role, booth) is its {@link Participant}'s; which booths exist is the
 * {@link Meeting}'s ({@link Meeting#boothRelaySources()} and {@link Meeting#languages()}, read
 * lock-free). The desk keeps only what is its own: a seat per participant, with the connection its
 * events go to and the interpreter's booth microphone. Seats follow joins and leaves rather than
 * {@link Meeting#participants()}, which would take the meeting's lock inside this one.
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

    private final Meeting meeting;
    private final EventExecutorGroup scheduler;
    /** In order of arrival. */
    private final Map<Participant, Seat> seats = new LinkedHashMap<>();
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
     * @param meeting   whose booths these are
     * @param scheduler runs the coalesced listener event, on its own clock ({@link EventExecutorGroup#ticker()}),
     *                  and takes mixer snapshots off the mixer thread
     */
    MeetingBooths(Meeting meeting, EventExecutorGroup scheduler) {
        this.meeting = meeting;
        this.scheduler = scheduler;
        this.lastSentNanos = now() - LISTENER_EVENT_INTERVAL_NANOS;
    }

    /** Someone in the meeting, and the connection the desk's events reach it on. */
    record Member(Participant participant, ClientConnection connection) {

        Role role() {
            return participant.role();
        }

        /** The booth language of an interpreter, otherwise null. */
        String booth() {
            return participant.booth();
        }
    }

    /** A booth partner with a published microphone. */
    record Partner(String participantId, String name, String microphone) {
    }

    /**
     * Adds a participant (a newcomer, with the meeting locked) and returns the booths for its
     * {@code joined}; {@link #announce} then tells the others.
     */
    synchronized ArrayNode join(Member member) {
        seats.put(member.participant(), new Seat(member.connection()));
        return view();
    }

    /** After the others heard that {@code newcomer} joined: a {@code booths} event if it sits in a booth. */
    synchronized void announce(Member newcomer) {
        broadcastIfChanged(newcomer.participant(), false);
    }

    /** The participant left the meeting; returns whether nobody is left. */
    synchronized boolean leave(Participant participant) {
        seats.remove(participant);
        broadcastIfChanged(null, false);
        return seats.isEmpty();
    }

    /** The meeting gained or lost languages, and with them booths: everyone sees the booths it has now. */
    synchronized void languagesChanged() {
        broadcastIfChanged(null, false);
    }

    /**
     * {@code participant} publishes: its first microphone, if it is an interpreter's, is its booth
     * microphone. Called before the microphone reaches the mixer, so the mixer's next snapshot finds it.
     */
    synchronized void published(Participant participant, String firstProducerId) {
        Seat seat = seats.get(participant);
        if (seat != null && seat.microphone == null && participant.role() == Role.INTERPRETER) {
            seat.microphone = firstProducerId;
        }
    }

    /** The participant's transport closed: it has no microphone any more (the mixer reports the booth change). */
    synchronized void unpublished(Participant participant) {
        Seat seat = seats.get(participant);
        if (seat != null) {
            seat.microphone = null;
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
        Seat seat = seats.get(participant);
        return seat == null ? null : seat.microphone;
    }

    /** The other interpreters of {@code booth} that publish a microphone, in order of arrival. */
    synchronized List<Partner> partners(Participant self, String booth) {
        List<Partner> partners = new ArrayList<>();
        seats.forEach((participant, seat) -> {
            if (participant != self && seat.microphone != null && booth.equals(participant.booth())) {
                partners.add(new Partner(participant.id(), participant.name(), seat.microphone));
            }
        });
        return partners;
    }

    /** Sends {@code event} to the participant whose booth microphone is {@code microphone}, if still here. */
    synchronized void sendToMicrophone(String microphone, ObjectNode event) {
        for (Seat seat : seats.values()) {
            if (microphone.equals(seat.microphone)) {
                seat.connection.send(event);
            }
        }
    }

    /** Sends {@code event} to the participant {@code participantId}, if still here. */
    synchronized void sendTo(String participantId, ObjectNode event) {
        seats.forEach((participant, seat) -> {
            if (participant.id().equals(participantId)) {
                seat.connection.send(event);
            }
        });
    }

    /** Sends {@code event} to the other interpreters of {@code booth}. */
    synchronized void sendToPartners(Participant self, String booth, ObjectNode event) {
        seats.forEach((participant, seat) -> {
            if (participant != self && participant.role() == Role.INTERPRETER && booth.equals(participant.booth())) {
                seat.connection.send(event);
            }
        });
    }

    /**
     * Sends {@code event} to the chairs and operators, and to {@code floorVoices} ({@link Meeting#floorVoices()}:
     * those who publish and are heard on the floor; a delegate waiting for the floor is not one).
     */
    synchronized void sendToChairsAndFloor(ObjectNode event, List<Participant> floorVoices) {
        seats.forEach((participant, seat) -> {
            Role role = participant.role();
            if (role == Role.CHAIR || role == Role.OPERATOR || floorVoices.contains(participant)) {
                seat.connection.send(event);
            }
        });
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
        Map<String, BoothState> before = states;
        states = byLanguage;
        broadcastIfChanged(null, false);
        tellRelaysOfRemovedBooths(before);
    }

    /**
     * A booth whose relayed booth was removed (its language dropped from the meeting) listens to the
     * floor now: its interpreters get an {@code incoming} event, as if they had chosen it.
     */
    private void tellRelaysOfRemovedBooths(Map<String, BoothState> before) {
        for (BoothState now : states.values()) {
            BoothState was = before.get(now.language());
            if (was != null && !was.incoming().equals(now.incoming()) && BoothState.FLOOR.equals(now.incoming())
                    && !states.containsKey(was.incoming())) {
                ObjectNode event = ServerMessages.reply("incoming", null).put("source", BoothState.FLOOR);
                seats.forEach((participant, seat) -> {
                    if (participant.role() == Role.INTERPRETER && now.language().equals(participant.booth())) {
                        seat.connection.send(event);
                    }
                });
            }
        }
    }

    /**
     * Sends the {@code booths} event to everyone but {@code except} if the view differs from the last
     * one sent; a difference in listener counts only waits for the listener event, unless this is it.
     */
    private void broadcastIfChanged(Participant except, boolean listenerEventDue) {
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
        seats.forEach((participant, seat) -> {
            if (participant != except) {
                seat.connection.send(event);
                lastSentNanos = now(); // the interval runs from the last event someone received
            }
        });
    }

    /**
     * The {@code booths} array of {@link #snapshots()}.
     */
    private ArrayNode view() {
        ArrayNode view = NODES.arrayNode();
        for (BoothSnapshot booth : snapshots()) {
            view.add(ServerMessages.booth(booth));
        }
        return view;
    }

    /**
     * The booths: the configured ones, then any other an interpreter sits in, as long as the meeting has
     * its language (a booth whose language was removed is gone, interpreters or not).
     */
    synchronized List<BoothSnapshot> snapshots() {
        Map<String, String> configured = meeting.boothRelaySources();
        List<String> meetingLanguages = meeting.languages();
        Set<String> languages = new LinkedHashSet<>(configured.keySet());
        for (Participant participant : seats.keySet()) {
            if (participant.booth() != null) {
                languages.add(participant.booth());
            }
        }
        languages.retainAll(meetingLanguages);
        List<BoothSnapshot> booths = new ArrayList<>(languages.size());
        for (String language : languages) {
            booths.add(booth(language, configured));
        }
        return booths;
    }

    /** The booth of {@code language} now. */
    private BoothSnapshot booth(String language, Map<String, String> configured) {
        BoothState state = states.get(language);
        String outgoing = state == null ? language : state.outgoing();
        String incoming = state == null ? configured.getOrDefault(language, BoothState.FLOOR) : state.incoming();
        String liveSource = state == null ? null : state.liveSource();
        Participant live = liveSource == null ? null : participantWith(liveSource);
        List<BoothSnapshot.Seat> interpreters = new ArrayList<>();
        seats.forEach((participant, seat) -> {
            if (participant.role() == Role.INTERPRETER && language.equals(participant.booth())) {
                BoothState.Microphone microphone = microphoneOf(state, seat.microphone);
                interpreters.add(new BoothSnapshot.Seat(participant.id(), participant.name(),
                        microphone != null && microphone.live(), microphone != null && microphone.coughing()));
            }
        });
        Participant from = state == null || state.pendingFrom() == null ? null : participantWith(state.pendingFrom());
        Participant to = state == null || state.pendingTo() == null ? null : participantWith(state.pendingTo());
        return new BoothSnapshot(language, incoming, outgoing,
                live == null ? null : new BoothSnapshot.Person(live.id(), live.name()), live == null ? null : liveSource,
                interpreters, from == null || to == null ? null : new BoothSnapshot.Handover(from.id(), to.id()),
                audience.applyAsInt(outgoing));
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

    /** The participant whose booth microphone is {@code microphone}, or null. */
    private Participant participantWith(String microphone) {
        for (Map.Entry<Participant, Seat> entry : seats.entrySet()) {
            if (microphone.equals(entry.getValue().microphone)) {
                return entry.getKey();
            }
        }
        return null;
    }

    /** A participant's place at the desk; guarded by the enclosing {@link MeetingBooths}. */
    private static final class Seat {
        final ClientConnection connection;
        /** The interpreter's booth microphone (producer id), or null. */
        String microphone;

        Seat(ClientConnection connection) {
            this.connection = connection;
        }
    }
}
