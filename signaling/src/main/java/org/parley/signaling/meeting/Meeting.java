package org.parley.signaling.meeting;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A meeting and the participants in it. Every change happens under the meeting's lock and tells
 * the other participants through their {@link MeetingEvents}, so each participant sees the changes
 * in one order, and a newcomer's welcome is sent before any event that follows its arrival.
 */
public final class Meeting {

    private final String id;
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private String title;
    private List<String> languages;
    private boolean open;
    private boolean ended;
    /** Booth language → its default incoming source; replaced whole, so readers need no lock. */
    private volatile Map<String, String> boothRelaySources = Map.of();

    /** A meeting that only admits holders of a join token. */
    public Meeting(String id, String title, List<String> languages) {
        this(id, title, languages, false);
    }

    /** @param open whether anyone may join without a token */
    public Meeting(String id, String title, List<String> languages, boolean open) {
        this.id = id;
        this.title = title;
        this.languages = List.copyOf(languages);
        this.open = open;
    }

    public String id() {
        return id;
    }

    public synchronized String title() {
        return title;
    }

    public synchronized List<String> languages() {
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

    /** Whether {@link #end} has been called: nobody can join any more. */
    public synchronized boolean ended() {
        return ended;
    }

    /** Changes what newcomers are told; those already in keep what they were told when they joined. */
    public synchronized void update(String newTitle, List<String> newLanguages, boolean newOpen) {
        title = newTitle;
        languages = List.copyOf(newLanguages);
        open = newOpen;
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
        List<Participant> everyone = new ArrayList<>(participants.values());
        participants.clear();
        for (Participant participant : everyone) {
            if (participant != endedBy) {
                participant.events().meetingEnded();
            }
        }
    }

    /**
     * Adds a participant with a fresh id. {@code welcome} runs before the others hear of the newcomer,
     * with the lock held, so the snapshot it takes ({@link #participants()}) is exact.
     *
     * @return the newcomer, or null (and no welcome) if the meeting has ended
     */
    public synchronized Participant join(String name, MeetingEvents events, Consumer<Participant> welcome) {
        if (ended) {
            return null;
        }
        Participant newcomer = new Participant(UUID.randomUUID().toString(), name, this, events);
        welcome.accept(newcomer);
        for (Participant other : participants.values()) {
            other.events().participantJoined(newcomer);
        }
        participants.put(newcomer.id(), newcomer);
        return newcomer;
    }

    /** Removes the participant; the others hear that its producers and then it went away. */
    public synchronized void leave(Participant participant) {
        if (participants.remove(participant.id()) == null) {
            return;
        }
        for (String producerId : participant.producerIds()) {
            removeProducer(participant, producerId);
        }
        for (Participant other : participants.values()) {
            other.events().participantLeft(participant);
        }
    }

    /** Records that {@code publisher} sends on {@code producerId}; false if already known or not in the meeting. */
    public synchronized boolean addProducer(Participant publisher, String producerId) {
        if (participants.get(publisher.id()) != publisher || !publisher.addProducer(producerId)) {
            return false;
        }
        for (Participant other : participants.values()) {
            if (other != publisher) {
                other.events().producerAdded(publisher, producerId);
            }
        }
        return true;
    }

    /** Forgets a producer of {@code publisher}; false if it was not known. */
    public synchronized boolean removeProducer(Participant publisher, String producerId) {
        if (!publisher.removeProducer(producerId)) {
            return false;
        }
        for (Participant other : participants.values()) {
            if (other != publisher) {
                other.events().producerRemoved(publisher, producerId);
            }
        }
        return true;
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

    /** A snapshot, in order of arrival. */
    public synchronized List<Participant> participants() {
        return new ArrayList<>(participants.values());
    }

    public synchronized int size() {
        return participants.size();
    }
}
