package org.parley.signaling.config;

import java.util.List;
import org.parley.signaling.meeting.FloorMode;

/**
 * A meeting declared in the configuration.
 *
 * @param id           what clients put in {@code join.meeting}
 * @param title        human readable title
 * @param languages    the meeting's interpretation languages (ISO 639-1 codes); the first is spoken on the floor
 * @param open         whether anyone may join without a token ({@code join {meeting, name}})
 * @param floorControl whether delegates are heard at once ({@link FloorMode#OPEN}) or once a chair gives them the floor
 * @param tierPolicy   the listener tiers ({@code mixer.tiers}) delegates may use
 * @param anonymousObservers whether anyone may listen without a token ({@code join {meeting, listenOnly: true}});
 *                     an open meeting admits anonymous observers anyway
 * @param webcast      whether the meeting's channels are webcast over HLS ({@code /webcast/<id>/})
 */
public record MeetingConfig(String id, String title, List<String> languages, boolean open, FloorMode floorControl,
                            List<String> tierPolicy, boolean anonymousObservers, boolean webcast) {
    public MeetingConfig {
        languages = List.copyOf(languages);
        tierPolicy = List.copyOf(tierPolicy);
    }

    /** Without anonymous observers of its own (an open meeting still admits them) and without a webcast. */
    public MeetingConfig(String id, String title, List<String> languages, boolean open, FloorMode floorControl,
                         List<String> tierPolicy) {
        this(id, title, languages, open, floorControl, tierPolicy, false, false);
    }
}
