package org.parley.signaling.meeting;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.signaling.config.MeetingConfig;

/** The meetings of this server, as configured. The set of meetings is fixed at start. */
public final class MeetingRegistry {

    private final Map<String, Meeting> meetings = new LinkedHashMap<>();

    public MeetingRegistry(List<MeetingConfig> configs) {
        for (MeetingConfig config : configs) {
            meetings.put(config.id(), new Meeting(config.id(), config.title(), config.languages()));
        }
    }

    /** The meeting with that id, or null. */
    public Meeting meeting(String id) {
        return meetings.get(id);
    }

    public Collection<Meeting> meetings() {
        return meetings.values();
    }

    public int meetingCount() {
        return meetings.size();
    }

    public int participantCount() {
        int count = 0;
        for (Meeting meeting : meetings.values()) {
            count += meeting.size();
        }
        return count;
    }

    /** The participant with that id in any meeting, or null. Participant ids are also transport ids. */
    public Participant participant(String participantId) {
        for (Meeting meeting : meetings.values()) {
            Participant participant = meeting.participant(participantId);
            if (participant != null) {
                return participant;
            }
        }
        return null;
    }
}
