package org.parley.signaling.config;

import java.util.List;

/**
 * A meeting declared in the configuration.
 *
 * @param id        what clients put in {@code join.meeting}
 * @param title     human readable title
 * @param languages the meeting's interpretation languages (ISO 639-1 codes)
 * @param open      whether anyone may join without a token ({@code join {meeting, name}})
 */
public record MeetingConfig(String id, String title, List<String> languages, boolean open) {
    public MeetingConfig {
        languages = List.copyOf(languages);
    }
}
