package org.parley.signaling.config;

import java.util.List;

/**
 * A meeting declared in the configuration.
 *
 * @param id        what clients put in {@code join.meeting}
 * @param title     human readable title
 * @param languages the meeting's interpretation languages (ISO 639-1 codes)
 */
public record MeetingConfig(String id, String title, List<String> languages) {
    public MeetingConfig {
        languages = List.copyOf(languages);
    }
}
