package org.parley.signaling.meeting;

/**
 * The interpretation channel a participant listens to, as the roster shows it.
 *
 * @param language a meeting language, or {@code floor}
 * @param variant  {@code clean} or {@code mixed}
 * @param tier     the listener tier, e.g. {@code standard}
 */
public record Listening(String language, String variant, String tier) {
}
