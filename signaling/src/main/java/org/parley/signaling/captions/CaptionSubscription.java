package org.parley.signaling.captions;

import java.util.Set;

/**
 * The caption languages one client takes: every language until it says ({@code subscribeCaptions}, or
 * {@code captionLanguages} in its {@code join}), so pages written before subscriptions keep working.
 * Written on the client's connection thread, read on whichever thread a caption is sent from.
 */
public final class CaptionSubscription {

    /** The languages taken, or null for all. */
    private volatile Set<String> languages;

    /** Takes the captions of {@code chosen} only (none if empty), or of every language if null. */
    public void choose(Set<String> chosen) {
        languages = chosen == null ? null : Set.copyOf(chosen);
    }

    /** Whether a caption in {@code language} is sent to this client. */
    public boolean wants(String language) {
        Set<String> chosen = languages;
        return chosen == null || chosen.contains(language);
    }

    /** The languages taken, or null for all. */
    public Set<String> languages() {
        return languages;
    }
}
