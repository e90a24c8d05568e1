package org.parley.signaling.meeting;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.parley.signaling.auth.Role;

/**
 * Someone in a meeting. The ids of the producers it publishes are its media transport's producer
 * ids ({@code <participantId>/<mid>}), because its transport is created with the participant's id.
 * Mutated only through its {@link Meeting}, which holds the lock.
 */
public final class Participant {

    private final String id;
    private final String name;
    private final Role role;
    private final String booth;
    private final Meeting meeting;
    private final MeetingEvents events;
    private final Set<String> producerIds = new LinkedHashSet<>();
    private volatile ParticipantMedia media = ParticipantMedia.NONE;

    Participant(String id, String name, Role role, String booth, Meeting meeting, MeetingEvents events) {
        this.id = id;
        this.name = name;
        this.role = role;
        this.booth = booth;
        this.meeting = meeting;
        this.events = events;
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** What the participant may do; its token's role, {@link Role#DELEGATE} for anonymous joins. */
    public Role role() {
        return role;
    }

    /** The booth language of an interpreter, otherwise null. */
    public String booth() {
        return booth;
    }

    /** What its session reports of its media (channel listened to, link quality), for the roster. */
    public ParticipantMedia media() {
        return media;
    }

    /** Set by the participant's session once it joined. */
    public void setMedia(ParticipantMedia media) {
        this.media = media;
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

    /** The live set; only with the meeting's lock held. */
    Set<String> producerIdsUnlocked() {
        return producerIds;
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
