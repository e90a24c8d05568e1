package org.parley.signaling.store;

import java.util.List;
import org.parley.signaling.meeting.FloorMode;

/**
 * What an organizer says about a meeting; validated by the provisioning API before it gets here.
 *
 * @param title         human readable title
 * @param schedule      planned start and end, or null for an unscheduled meeting
 * @param languages     the meeting's languages (ISO 639-1), in the organizer's order
 * @param floorLanguage the main language spoken on the floor, one of {@code languages}
 * @param booths        the interpretation booths
 * @param tierPolicy    the listener tiers clients may use: names from {@code mixer.tiers} (by default {@code studio},
 *                      {@code standard}, {@code low}, {@code minimal})
 * @param open          whether anyone may join without a token
 * @param floorControl  whether delegates need the floor to be heard
 * @param anonymousObservers whether anyone may listen without a token (an open meeting admits them anyway)
 * @param webcast       whether its channels are webcast over HLS
 */
public record MeetingSpec(String title, Schedule schedule, List<String> languages, String floorLanguage,
                          List<Booth> booths, List<String> tierPolicy, boolean open, FloorMode floorControl,
                          boolean anonymousObservers, boolean webcast) {
    public MeetingSpec {
        languages = List.copyOf(languages);
        booths = List.copyOf(booths);
        tierPolicy = List.copyOf(tierPolicy);
    }

    /** Without anonymous observers of its own and without a webcast. */
    public MeetingSpec(String title, Schedule schedule, List<String> languages, String floorLanguage,
                       List<Booth> booths, List<String> tierPolicy, boolean open, FloorMode floorControl) {
        this(title, schedule, languages, floorLanguage, booths, tierPolicy, open, floorControl, false, false);
    }

    /** A meeting with a {@linkplain FloorMode#CHAIRED chaired} floor, the API's default. */
    public MeetingSpec(String title, Schedule schedule, List<String> languages, String floorLanguage,
                       List<Booth> booths, List<String> tierPolicy, boolean open) {
        this(title, schedule, languages, floorLanguage, booths, tierPolicy, open, FloorMode.CHAIRED);
    }
}
