package org.parley.signaling.dashboard;

/**
 * Listeners of one language channel (or of {@code floor}), all variants and tiers together.
 *
 * @param language  the channel's language, or {@code floor}
 * @param listeners how many m-lines follow it
 */
public record ChannelAudience(String language, int listeners) {
}
