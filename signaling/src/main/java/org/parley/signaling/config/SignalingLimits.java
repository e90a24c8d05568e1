package org.parley.signaling.config;

import java.util.List;
import org.parley.media.transport.NegotiationLimits;

/**
 * The server's resource limits: what one connection, participant or meeting may take. The
 * {@code limits} object of {@code conf/parley.json}; each refusal is an error with code
 * {@code LIMIT_EXCEEDED} naming the limit and counts in {@code parley_limit_refusals_total{limit}}
 * (see SECURITY.md).
 *
 * @param messagesPerSecond       sustained rate of client messages (token bucket refill rate)
 * @param messageBurst            how many messages a client may send at once (token bucket size)
 * @param mlinesPerTransport      m-lines in one offer, which lists all of its transport's lines (RFC 3264 §8)
 * @param producersPerParticipant sending m-lines a participant's transport may have
 * @param consumersPerParticipant receiving m-lines a participant's transport may have
 * @param participantsPerMeeting  participants in one meeting at once
 */
public record SignalingLimits(double messagesPerSecond, int messageBurst, int mlinesPerTransport,
                              int producersPerParticipant, int consumersPerParticipant, int participantsPerMeeting) {

    /** The names of the limits: the keys of the configuration and the {@code limit} label of the refusal metric. */
    public static final String MLINES_PER_TRANSPORT = "mlinesPerTransport";
    public static final String PRODUCERS_PER_PARTICIPANT = "producersPerParticipant";
    public static final String CONSUMERS_PER_PARTICIPANT = "consumersPerParticipant";
    public static final String PARTICIPANTS_PER_MEETING = "participantsPerMeeting";
    /** Every limit whose refusals are counted, in the order SECURITY.md lists them. */
    public static final List<String> REFUSABLE = List.of(MLINES_PER_TRANSPORT,
            PRODUCERS_PER_PARTICIPANT, CONSUMERS_PER_PARTICIPANT, PARTICIPANTS_PER_MEETING);

    public SignalingLimits {
        if (!(messagesPerSecond > 0) || messageBurst < 1 || mlinesPerTransport < 1 || producersPerParticipant < 0
                || consumersPerParticipant < 0 || participantsPerMeeting < 1) {
            throw new IllegalArgumentException("limits out of range: " + messagesPerSecond + ", " + messageBurst + ", "
                    + mlinesPerTransport + ", " + producersPerParticipant + ", " + consumersPerParticipant + ", "
                    + participantsPerMeeting);
        }
    }

    /** The message rate given, every other limit at its default. */
    public SignalingLimits(double messagesPerSecond, int messageBurst) {
        this(messagesPerSecond, messageBurst, NegotiationLimits.DEFAULTS.mediaLines(),
                NegotiationLimits.DEFAULTS.producers(), NegotiationLimits.DEFAULTS.consumers(), 1000);
    }

    /** What the media core checks of each offer. */
    public NegotiationLimits negotiation() {
        return new NegotiationLimits(mlinesPerTransport, producersPerParticipant, consumersPerParticipant);
    }

    public SignalingLimits withNegotiation(int mlines, int producers, int consumers) {
        return new SignalingLimits(messagesPerSecond, messageBurst, mlines, producers, consumers, participantsPerMeeting);
    }

    public SignalingLimits withParticipantsPerMeeting(int participants) {
        return new SignalingLimits(messagesPerSecond, messageBurst, mlinesPerTransport, producersPerParticipant,
                consumersPerParticipant, participants);
    }
}
