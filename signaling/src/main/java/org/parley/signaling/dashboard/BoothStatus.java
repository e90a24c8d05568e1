package org.parley.signaling.dashboard;

/**
 * A booth with what the feed adds to it: how long its live microphone has been silent.
 *
 * @param booth         the booth as participants see it
 * @param silentSeconds seconds since the live microphone last carried sound; -1 when nobody is live or
 *                      the mixer does not mix the microphone (yet)
 * @param silent        whether that has lasted the feed's silent-booth threshold: the warning
 */
public record BoothStatus(BoothSnapshot booth, long silentSeconds, boolean silent) {
}
