package org.parley.signaling.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * One meeting at one tick of the feed.
 *
 * @param meetingId    its id
 * @param title        its title
 * @param languages    its languages
 * @param participants everyone in its roster, in order of arrival
 * @param observers    how many observers listen (listen-only, not listed)
 * @param booths       its booths and their silence
 * @param channels     the audience of {@code floor} and of each language channel
 * @param mixer        its mixer's load, or null while no mixer runs for it
 * @param recordingSince when its running recording started, or null while it is not recorded
 * @param webcastListeners its webcast's estimated listeners, or null while its webcast is off
 */
public record MeetingSnapshot(String meetingId, String title, List<String> languages,
                              List<ParticipantSnapshot> participants, int observers, List<BoothStatus> booths,
                              List<ChannelAudience> channels, MixerSnapshot mixer, Instant recordingSince,
                              Integer webcastListeners) {

    public MeetingSnapshot {
        languages = List.copyOf(languages);
        participants = List.copyOf(participants);
        booths = List.copyOf(booths);
        channels = List.copyOf(channels);
    }
}
