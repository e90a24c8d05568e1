package org.parley.signaling.meeting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.parley.signaling.auth.Role;
import org.parley.signaling.captions.Caption;
import org.parley.signaling.captions.CaptionArchive;
import org.parley.signaling.captions.CaptionLog;
import org.parley.signaling.captions.CaptionRefusal;
import org.parley.signaling.captions.CaptionSource;
import org.parley.signaling.captions.MeetingClock;

/**
 * A meeting and the participants in it. Every change happens under the meeting's lock and tells
 * the other participants through their {@link MeetingEvents}, so each participant sees the changes
 * in one order, and a newcomer's welcome is sent before any event that follows its arrival.
 *
 * <p>Observers (listen-only, {@link Role#OBSERVER}) are kept apart from the roster: a meeting may have
 * thousands of them, so nobody hears of their arrivals and departures and they hear of nobody's; they
 * publish nothing and hold no floor. They are told only what a listener needs: languages and tiers that
 * change, captions, and the end of the meeting.
 */
public final class Meeting {

    private final String id;
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    /** The listen-only audience, outside the roster (see the class comment). */
    private final Map<String, Participant> observers = new LinkedHashMap<>();
    private final FloorControl floor;
    private final ListenerTiers tiers;
    private String title;
    /** Replaced whole under the lock, so readers need none. */
    private volatile List<String> languages;
    private boolean open;
    private boolean anonymousObservers;
    private List<String> tierPolicy;
    private boolean ended;
    /** The recording running now, or null. */
    private RecordingState recording;
    /** Run once when the meeting ends, under its lock (they only enqueue). */
    private final List<Runnable> endHooks = new ArrayList<>();
    /** Whether the meeting's channels are webcast over HLS; lock-free, read by the webcast's HTTP route. */
    private volatile boolean webcast;
    /** Booth language → its default incoming source; replaced whole, so readers need no lock. */
    private volatile Map<String, String> boothRelaySources = Map.of();
    /** Its captions on its clock, which starts when the meeting is made; kept nowhere until the server says. */
    private CaptionLog captions;

    /** A meeting that only admits holders of a join token, with an open floor and every default tier. */
    public Meeting(String id, String title, List<String> languages) {
        this(id, title, languages, false);
    }

    /** @param open whether anyone may join without a token; the floor is open, every default tier allowed */
    public Meeting(String id, String title, List<String> languages, boolean open) {
        this(id, title, languages, open, FloorMode.OPEN, languages.getFirst(), ListenerTiers.DEFAULTS,
                ListenerTiers.DEFAULTS.names());
    }

    /**
     * @param open          whether anyone may join without a token
     * @param floorMode     whether delegates need the floor to be heard
     * @param floorLanguage the language spoken on the floor at first, one of {@code languages}
     * @param tiers         the listener tiers the mixer encodes
     * @param tierPolicy    those of {@code tiers} that {@code subscribeChannel} may use
     */
    public Meeting(String id, String title, List<String> languages, boolean open, FloorMode floorMode,
                   String floorLanguage, ListenerTiers tiers, List<String> tierPolicy) {
        this.id = id;
        this.tiers = tiers;
        this.title = title;
        this.languages = List.copyOf(languages);
        this.open = open;
        this.tierPolicy = List.copyOf(tierPolicy);
        this.floor = new FloorControl(floorMode, floorLanguage);
        this.captions = new CaptionLog(id, MeetingClock.startingNow(), CaptionArchive.NONE);
    }

    public String id() {
        return id;
    }

    public synchronized String title() {
        return title;
    }

    /** The meeting's languages in display order. Lock-free, so it may be read under any other lock. */
    public List<String> languages() {
        return languages;
    }

    /**
     * The meeting's interpretation booths in the organizer's order, each with the source it interprets
     * from when the meeting's mixer starts: {@code floor} or another booth's language (relay). Empty
     * for configured meetings. Lock-free, so it may be read under any other lock.
     */
    public Map<String, String> boothRelaySources() {
        return boothRelaySources;
    }

    /** Sets the booths (language → default relay source, in order); participants already in keep their mixer. */
    public void setBoothRelaySources(Map<String, String> relaySources) {
        boothRelaySources = Collections.unmodifiableMap(new LinkedHashMap<>(relaySources));
    }

    /** Whether anyone may join without a token. */
    public synchronized boolean open() {
        return open;
    }

    /**
     * Whether anyone may join as an observer without a token ({@code join {meeting, listenOnly: true}}).
     * An {@linkplain #open() open} meeting admits anonymous observers too, since it admits anonymous delegates.
     */
    public synchronized boolean admitsAnonymousObservers() {
        return anonymousObservers || open;
    }

    /** Whether the organiser allowed anonymous observers as such ({@link #admitsAnonymousObservers} also counts {@code open}). */
    public synchronized boolean anonymousObservers() {
        return anonymousObservers;
    }

    /** Allows or stops anonymous observer joins from now on; observers already in stay. */
    public synchronized void setAnonymousObservers(boolean allowed) {
        anonymousObservers = allowed;
    }

    /** Whether the meeting's language channels are webcast over HLS ({@code /webcast/<id>/}). */
    public boolean webcast() {
        return webcast;
    }

    /** Turns the webcast on or off; the webcast server follows it (see the signaling {@code webcast} package). */
    public void setWebcast(boolean on) {
        webcast = on;
    }

    /** Whether {@link #end} has been called: nobody can join any more. */
    public synchronized boolean ended() {
        return ended;
    }

    /** The listener tiers {@code subscribeChannel} may use (chairs, operators and interpreters may also use the best). */
    public synchronized List<String> tierPolicy() {
        return tierPolicy;
    }

    /** The tiers a participant in {@code role} may subscribe to now, best first ({@link ListenerTiers#allowed}). */
    public synchronized List<String> tiersFor(Role role) {
        return tiers.allowed(tierPolicy, role);
    }

    /**
     * Changes what newcomers are told; those already in keep what they were told when they joined,
     * except that everyone hears of languages added or removed ({@link MeetingEvents#languagesChanged}),
     * since channels and booths come and go with them.
     */
    public synchronized void update(String newTitle, List<String> newLanguages, boolean newOpen) {
        List<String> before = languages;
        title = newTitle;
        languages = List.copyOf(newLanguages);
        open = newOpen;
        List<String> added = new ArrayList<>(languages);
        added.removeAll(before);
        List<String> removed = new ArrayList<>(before);
        removed.removeAll(languages);
        if (!added.isEmpty() || !removed.isEmpty()) {
            for (Participant participant : everyone()) {
                participant.events().languagesChanged(List.copyOf(added), List.copyOf(removed));
            }
        }
    }

    /**
     * {@link #update(String, List, boolean)}, plus the tier policy and the floor mode, which apply at
     * once: everyone whose allowed tiers change is told them (later subscriptions are checked against
     * them; streams already subscribed keep their tier until the client switches), everyone is told
     * the new floor, and delegates' voices follow it.
     * The floor keeps the language a chair set unless the meeting no longer has it; then it is
     * {@code floorLanguage}.
     */
    public synchronized void update(String newTitle, List<String> newLanguages, boolean newOpen, FloorMode floorMode,
                                    String floorLanguage, List<String> newTierPolicy) {
        update(newTitle, newLanguages, newOpen);
        List<String> oldTierPolicy = tierPolicy;
        tierPolicy = List.copyOf(newTierPolicy);
        for (Participant participant : everyone()) {
            List<String> allowed = tiers.allowed(tierPolicy, participant.role());
            if (!allowed.equals(tiers.allowed(oldTierPolicy, participant.role()))) {
                participant.events().tierPolicyChanged(allowed);
            }
        }
        boolean changed = floor.setMode(floorMode);
        if (!languages.contains(floor.language())) {
            changed |= floor.setLanguage(floorLanguage);
        }
        if (changed) {
            floorChanged();
        }
    }

    /**
     * Ends the meeting: every participant is removed, without the usual departure events, and told
     * ({@link MeetingEvents#meetingEnded}) except {@code endedBy}, who asked for it; nobody can join any
     * more. Idempotent.
     *
     * @param endedBy the participant that ends the meeting, or null when the server or the API does
     */
    public synchronized void end(Participant endedBy) {
        ended = true;
        List<Runnable> hooks = List.copyOf(endHooks);
        endHooks.clear();
        for (Runnable hook : hooks) {
            hook.run();
        }
        List<Participant> everyone = everyone();
        participants.clear();
        observers.clear();
        for (Participant participant : everyone) {
            if (participant != endedBy) {
                participant.events().meetingEnded();
            }
        }
    }

    /** The recording running now, or null; a newcomer's {@code joined} says it. */
    public synchronized RecordingState recording() {
        return recording;
    }

    /**
     * Records that a recording started ({@code state}) or stopped (null), and tells everyone in the
     * meeting ({@link MeetingEvents#recordingChanged}).
     */
    public synchronized void setRecording(RecordingState state) {
        if (Objects.equals(recording, state)) {
            return;
        }
        recording = state;
        for (Participant participant : participants.values()) {
            participant.events().recordingChanged(state);
        }
    }

    /**
     * Runs {@code hook} once when the meeting ends (at once if it has), with the meeting locked: it must
     * only hand work to another thread.
     */
    public synchronized void whenEnded(Runnable hook) {
        if (ended) {
            hook.run();
        } else {
            endHooks.add(hook);
        }
    }

    /**
     * Adds a participant with a fresh id. {@code welcome} runs before the others hear of the newcomer,
     * with the lock held, so the snapshot it takes ({@link #participants()}) is exact.
     *
     * @return the newcomer, or null (and no welcome) if the meeting has ended
     */
    public synchronized Participant join(String name, MeetingEvents events, Consumer<Participant> welcome) {
        return join(name, Role.DELEGATE, null, events, welcome);
    }

    /**
     * {@link #join(String, MeetingEvents, Consumer)} with the participant's role and, for an
     * interpreter, its booth language (null otherwise).
     */
    public synchronized Participant join(String name, Role role, String booth, MeetingEvents events,
                                         Consumer<Participant> welcome) {
        try {
            return join(name, role, booth, events, welcome, Integer.MAX_VALUE);
        } catch (MeetingFullException e) {
            throw new IllegalStateException(e); // no meeting holds Integer.MAX_VALUE participants
        }
    }

    /**
     * As {@link #join(String, Role, String, MeetingEvents, Consumer)}, refusing the newcomer when
     * {@code capacity} participants are in already (checked under the lock, so concurrent joins cannot overshoot).
     */
    public synchronized Participant join(String name, Role role, String booth, MeetingEvents events,
                                         Consumer<Participant> welcome, int capacity) throws MeetingFullException {
        if (role == Role.OBSERVER) {
            throw new IllegalArgumentException("an observer joins outside the roster: joinObserver");
        }
        if (ended) {
            return null;
        }
        if (participants.size() >= capacity) {
            throw new MeetingFullException(id, capacity);
        }
        Participant newcomer = new Participant(UUID.randomUUID().toString(), name, role, booth, this, events);
        welcome.accept(newcomer);
        for (Participant other : participants.values()) {
            other.events().participantJoined(newcomer);
        }
        participants.put(newcomer.id(), newcomer);
        return newcomer;
    }

    /**
     * Adds an observer with a fresh id, outside the roster: nobody is told. {@code welcome} runs with the
     * lock held, as for {@link #join(String, Role, String, MeetingEvents, Consumer, int)}.
     *
     * @param capacity at most this many observers at once ({@code limits.observersPerMeeting})
     * @return the observer, or null (and no welcome) if the meeting has ended
     * @throws MeetingFullException when {@code capacity} observers are in already
     */
    public synchronized Participant joinObserver(String name, MeetingEvents events, Consumer<Participant> welcome,
                                                 int capacity) throws MeetingFullException {
        if (ended) {
            return null;
        }
        if (observers.size() >= capacity) {
            throw new MeetingFullException(id, capacity, "observers");
        }
        Participant observer = new Participant(UUID.randomUUID().toString(), name, Role.OBSERVER, null, this, events);
        welcome.accept(observer);
        observers.put(observer.id(), observer);
        return observer;
    }

    /** Removes the participant; the others hear that its producers and then it went away (nobody hears of an observer). */
    public synchronized void leave(Participant participant) {
        if (observers.remove(participant.id(), participant)) {
            return;
        }
        if (participants.remove(participant.id()) == null) {
            return;
        }
        boolean wasSpeaker = floor.isSpeaker(participant);
        for (String producerId : participant.producerIds()) {
            removeProducer(participant, producerId);
        }
        for (Participant other : participants.values()) {
            other.events().participantLeft(participant);
        }
        if (floor.forget(participant, wasSpeaker)) {
            floorChanged();
        }
    }

    /** Records that {@code publisher} sends on {@code producerId}; false if already known or not in the meeting. */
    public synchronized boolean addProducer(Participant publisher, String producerId) {
        if (participants.get(publisher.id()) != publisher) {
            return false;
        }
        boolean wasSpeaker = floor.isSpeaker(publisher);
        if (!publisher.addProducer(producerId)) {
            return false;
        }
        for (Participant other : participants.values()) {
            if (other != publisher) {
                other.events().producerAdded(publisher, producerId);
            }
        }
        if (floor.isSpeaker(publisher) != wasSpeaker) {
            floorChanged();
        }
        return true;
    }

    /** Forgets a producer of {@code publisher}; false if it was not known. */
    public synchronized boolean removeProducer(Participant publisher, String producerId) {
        boolean wasSpeaker = floor.isSpeaker(publisher);
        if (!publisher.removeProducer(producerId)) {
            return false;
        }
        for (Participant other : participants.values()) {
            if (other != publisher) {
                other.events().producerRemoved(publisher, producerId);
            }
        }
        // A participant that left is no speaker any more: leave() tells everyone once.
        if (participants.containsKey(publisher.id()) && floor.isSpeaker(publisher) != wasSpeaker) {
            floorChanged();
        }
        return true;
    }

    /** The floor now. */
    public synchronized FloorState floor() {
        return floor.state(participants());
    }

    /** Raises or lowers {@code participant}'s hand; false if it is not in the meeting. */
    public synchronized boolean raiseHand(Participant participant, boolean raised) {
        return changeFloor(participant, present -> floor.raiseHand(present, raised));
    }

    /** Gives {@code participant} the floor (lowering its hand); false if it is not in the meeting. */
    public synchronized boolean grantFloor(Participant participant) {
        return changeFloor(participant, floor::grant);
    }

    /** Takes the floor from {@code participant}; false if it is not in the meeting. */
    public synchronized boolean revokeFloor(Participant participant) {
        return changeFloor(participant, floor::revoke);
    }

    /**
     * The participants whose published audio is heard on the floor now: those who publish and whom
     * {@link FloorState#heard} lets through (a delegate waiting for the floor is not one).
     */
    public synchronized List<Participant> floorVoices() {
        FloorState state = floor.state(participants());
        List<Participant> voices = new ArrayList<>();
        for (Participant participant : participants.values()) {
            if (!participant.producerIdsUnlocked().isEmpty() && state.heard(participant)) {
                voices.add(participant);
            }
        }
        return voices;
    }

    /** Sets the language spoken on the floor; false (nothing changes) if it is not one of the meeting's. */
    public synchronized boolean setFloorLanguage(String language) {
        if (!languages.contains(language)) {
            return false;
        }
        if (floor.setLanguage(language)) {
            floorChanged();
        }
        return true;
    }

    /**
     * Writes a caption into the meeting's {@link CaptionLog} (a new segment when {@code segmentId} is null, else
     * the next version of that open segment) and sends it to everyone, each of whom keeps the languages it
     * subscribed to. {@code language} null: the segment's, or for a new segment the floor language now. Marked
     * as the floor's when its language is the floor's now (under this lock: a change of the floor language
     * comes wholly before or after it).
     *
     * @param from the participant that wrote it, or null (speech recognition)
     * @throws CaptionRefusal when {@code segmentId} names no open segment of that language
     */
    public synchronized Caption caption(Participant from, String segmentId, String language, CaptionSource source,
                                        String text, boolean isFinal) throws CaptionRefusal {
        String captioned = language != null || segmentId != null ? language : floor.language();
        Caption caption = captions.write(segmentId, captioned, source, text, isFinal);
        boolean ofFloor = caption.language().equals(floor.language());
        for (Participant participant : everyone()) {
            participant.events().caption(from, caption, ofFloor);
        }
        return caption;
    }

    /**
     * The finals of the last minute in the languages {@code wanted}, oldest first: what a late joiner is sent
     * (under this lock, in its welcome, so no caption falls between them and the events that follow).
     */
    public synchronized List<Caption> recentCaptions(Predicate<String> wanted) {
        return captions.recent(wanted);
    }

    /** The meeting's clock, which its captions are timed on. */
    public synchronized MeetingClock clock() {
        return captions.clock();
    }

    /**
     * Keeps the finals in {@code archive} from now on; set by the server when it makes the meeting, before
     * anyone joins (the segments open and the recent finals are forgotten).
     */
    public synchronized void archiveCaptions(CaptionArchive archive) {
        captions = new CaptionLog(id, captions.clock(), archive);
    }

    /**
     * Times the captions on {@code clock} from now on, e.g. one whose origin is the mixer's; before anyone
     * captions (the segments open and the recent finals are forgotten).
     */
    public synchronized void useClock(MeetingClock clock) {
        captions = new CaptionLog(id, clock, captions.archive());
    }

    /**
     * Tells everyone, {@code participant} included (a chair's roster lists the chair too), that what
     * it listens to changed ({@link Participant#media()}).
     */
    public synchronized void participantUpdated(Participant participant) {
        if (participants.get(participant.id()) != participant) {
            return; // an observer, whom no roster lists (or one who left)
        }
        for (Participant everyone : participants.values()) {
            everyone.events().participantUpdated(participant);
        }
    }

    /** Applies {@code change} to a participant in the meeting, telling everyone if it changed the floor; false if it is not in. */
    private boolean changeFloor(Participant participant, Predicate<Participant> change) {
        if (participants.get(participant.id()) != participant) {
            return false;
        }
        if (change.test(participant)) {
            floorChanged();
        }
        return true;
    }

    private void floorChanged() {
        FloorState state = floor.state(participants());
        for (Participant participant : participants.values()) {
            participant.events().floorChanged(state);
        }
    }

    /** The participant that publishes {@code producerId}, or null. */
    public synchronized Participant publisherOf(String producerId) {
        for (Participant participant : participants.values()) {
            if (participant.producerIds().contains(producerId)) {
                return participant;
            }
        }
        return null;
    }

    public synchronized Participant participant(String participantId) {
        return participants.get(participantId);
    }

    /** A snapshot of the roster, in order of arrival: every participant but the observers. */
    public synchronized List<Participant> participants() {
        return new ArrayList<>(participants.values());
    }

    /** How many participants the roster has (observers not counted: {@link #observerCount()}). */
    public synchronized int size() {
        return participants.size();
    }

    /** How many observers are in the meeting now. */
    public synchronized int observerCount() {
        return observers.size();
    }

    /** The roster and the observers, in that order; with the lock held. */
    private List<Participant> everyone() {
        List<Participant> everyone = new ArrayList<>(participants.size() + observers.size());
        everyone.addAll(participants.values());
        everyone.addAll(observers.values());
        return everyone;
    }
}
