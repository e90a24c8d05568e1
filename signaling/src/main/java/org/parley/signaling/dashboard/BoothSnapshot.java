package org.parley.signaling.dashboard;

import java.util.List;

/**
 * One booth as its meeting's participants see it (the {@code booths} event of PROTOCOL.md), at one
 * moment: an immutable copy.
 *
 * @param language        the booth's language
 * @param incoming        what it interprets from: {@code floor} or a relayed language
 * @param outgoing        the channel its microphones speak into
 * @param live            the interpreter on air, or null when the booth is idle
 * @param liveMicrophone  the producer id of the live microphone, or null
 * @param interpreters    the interpreters sitting in it, in order of arrival
 * @param pendingHandover a handover offered and not yet taken, or null
 * @param listeners       listeners of the outgoing channel, all variants and tiers
 */
public record BoothSnapshot(String language, String incoming, String outgoing, Person live, String liveMicrophone,
                            List<Seat> interpreters, Handover pendingHandover, int listeners) {

    public BoothSnapshot {
        interpreters = List.copyOf(interpreters);
    }

    /** Someone in the meeting. */
    public record Person(String participantId, String name) {
    }

    /** An interpreter in the booth: on air or not, the cough key held or not. */
    public record Seat(String participantId, String name, boolean live, boolean coughing) {
    }

    /** A handover from one interpreter to another (participant ids). */
    public record Handover(String from, String to) {
    }
}
