package org.parley.signaling.meeting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.signaling.captions.CaptionArchive;
import org.parley.signaling.config.MeetingConfig;

/**
 * The meetings of this server: the configured ones, plus those the provisioning API creates and
 * deletes while it runs. Thread-safe.
 */
public final class MeetingRegistry {

    private final Map<String, Meeting> meetings = new LinkedHashMap<>();
    private final ListenerTiers tiers;
    /** Where every meeting's final captions are kept. */
    private CaptionArchive captionArchive = CaptionArchive.NONE;

    /**
     * @param configs the configured meetings, each with its floor language the first of its languages
     * @param tiers   the listener tiers the mixer encodes, which every meeting's tier policy names
     */
    public MeetingRegistry(List<MeetingConfig> configs, ListenerTiers tiers) {
        this.tiers = tiers;
        for (MeetingConfig config : configs) {
            Meeting meeting = new Meeting(config.id(), config.title(), config.languages(), config.open(),
                    config.floorControl(), config.languages().getFirst(), tiers, config.tierPolicy());
            meeting.setAnonymousObservers(config.anonymousObservers());
            meeting.setWebcast(config.webcast());
            meetings.put(config.id(), meeting);
        }
    }

    /** The listener tiers the mixer encodes, for the meetings created later. */
    public ListenerTiers tiers() {
        return tiers;
    }

    /** The meeting with that id, or null. */
    public synchronized Meeting meeting(String id) {
        return meetings.get(id);
    }

    /** Adds a meeting; false (and nothing changes) if one with its id exists already. */
    public synchronized boolean add(Meeting meeting) {
        if (meetings.putIfAbsent(meeting.id(), meeting) != null) {
            return false;
        }
        meeting.archiveCaptions(captionArchive);
        return true;
    }

    /** Keeps the final captions of every meeting, those here and those added later, in {@code archive}. */
    public synchronized void archiveCaptions(CaptionArchive archive) {
        captionArchive = archive;
        for (Meeting meeting : meetings.values()) {
            meeting.archiveCaptions(archive);
        }
    }

    /** Removes and returns the meeting with that id, or null. Its participants are not told: {@link Meeting#end} first. */
    public synchronized Meeting remove(String id) {
        return meetings.remove(id);
    }

    /** A snapshot, in order of addition. */
    public synchronized Collection<Meeting> meetings() {
        return new ArrayList<>(meetings.values());
    }

    public synchronized int meetingCount() {
        return meetings.size();
    }

    /** Participants in every meeting's roster (observers not counted). */
    public int participantCount() {
        int count = 0;
        for (Meeting meeting : meetings()) {
            count += meeting.size();
        }
        return count;
    }

    /** Observers in every meeting. */
    public int observerCount() {
        int count = 0;
        for (Meeting meeting : meetings()) {
            count += meeting.observerCount();
        }
        return count;
    }

    /** The participant with that id in any meeting, or null. Participant ids are also transport ids. */
    public Participant participant(String participantId) {
        for (Meeting meeting : meetings()) {
            Participant participant = meeting.participant(participantId);
            if (participant != null) {
                return participant;
            }
        }
        return null;
    }
}
