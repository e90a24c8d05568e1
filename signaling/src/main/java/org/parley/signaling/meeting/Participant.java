package org.parley.signaling.meeting;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Someone in a meeting. The ids of the producers it publishes are its media transport's producer
 * ids ({@code <participantId>/<mid>}), because its transport is created with the participant's id.
 * Mutated only through its {@link Meeting}, which holds the lock.
 */
public final class Participant {

    private final String id;
    private final String name;
    private final Meeting meeting;
    private final MeetingEvents events;
    private final Set<String> producerIds = new LinkedHashSet<>();

    Participant(String id, String name, Meeting meeting, MeetingEvents events) {
        this.id = id;
        this.name = name;
        this.meeting = meeting;
        this.events = events;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Meeting meeting() {
        return meeting;
    }

    MeetingEvents events() {
        return events;
    }

    /** A snapshot of the producers this participant publishes, oldest first. */
    public List<String> producerIds() {
        synchronized (meeting) {
            return new ArrayList<>(producerIds);
        }
    }

    boolean addProducer(String producerId) {
        return producerIds.add(producerId);
    }

    boolean removeProducer(String producerId) {
        return producerIds.remove(producerId);
    }

    @Override
    public String toString() {
        return "Participant[" + id + " \"" + name + "\" in " + meeting.id() + "]";
    }
}
