package org.parley.signaling.config;

import java.util.List;
import org.parley.signaling.auth.Role;
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
 * @param sipTransactionsPerSource concurrent SIP server transactions one source IP address may have open
 * @param joinsPerInvitation      participants in at once on one personal invitation (every role but observer)
 * @param joinsPerObserverInvitation participants in at once on one observer invitation, a link that is shared
 * @param observersPerMeeting     observers (listen-only, outside the roster) in one meeting at once; they do not
 *                                count in {@code participantsPerMeeting}
 * @param connections             what one TCP connection and one source address may hold open
 */
public record SignalingLimits(double messagesPerSecond, int messageBurst, int mlinesPerTransport,
                              int producersPerParticipant, int consumersPerParticipant, int participantsPerMeeting,
                              int sipTransactionsPerSource, int joinsPerInvitation, int joinsPerObserverInvitation,
                              int observersPerMeeting, ConnectionLimits connections) {

    /** Defaults of the limits the six-value constructor does not take (conf/parley.json has the same). */
    public static final int DEFAULT_SIP_TRANSACTIONS_PER_SOURCE = 64;
    public static final int DEFAULT_JOINS_PER_INVITATION = 3;
    public static final int DEFAULT_JOINS_PER_OBSERVER_INVITATION = 1000;
    /** A plenary's floor audience: thousands listen while a few hundred take part. */
    public static final int DEFAULT_OBSERVERS_PER_MEETING = 5000;

    /** The names of the limits: the keys of the configuration and the {@code limit} label of the refusal metric. */
    public static final String MLINES_PER_TRANSPORT = "mlinesPerTransport";
    public static final String PRODUCERS_PER_PARTICIPANT = "producersPerParticipant";
    public static final String CONSUMERS_PER_PARTICIPANT = "consumersPerParticipant";
    public static final String PARTICIPANTS_PER_MEETING = "participantsPerMeeting";
    public static final String SIP_TRANSACTIONS_PER_SOURCE = "sipTransactionsPerSource";
    public static final String JOINS_PER_INVITATION = "joinsPerInvitation";
    public static final String JOINS_PER_OBSERVER_INVITATION = "joinsPerObserverInvitation";
    public static final String OBSERVERS_PER_MEETING = "observersPerMeeting";
    public static final String IDLE_SECONDS = "idleSeconds";
    public static final String JOIN_SECONDS = "joinSeconds";
    public static final String CONNECTIONS_PER_ADDRESS = "connectionsPerAddress";
    public static final String JOINS_PER_SECOND_PER_ADDRESS = "joinsPerSecondPerAddress";
    public static final String JOIN_BURST_PER_ADDRESS = "joinBurstPerAddress";
    /** Refusals of WebSocket control frames beyond the connection's token bucket (data frames are only dropped). */
    public static final String MESSAGES_PER_SECOND = "messagesPerSecond";
    /** Messages held for a client that stopped reading, beyond the events merged by kind (see SlowReaderHold). */
    public static final String HELD_MESSAGES = "heldMessages";
    /** Every limit whose refusals are counted, in the order SECURITY.md lists them. */
    public static final List<String> REFUSABLE = List.of(MLINES_PER_TRANSPORT,
            PRODUCERS_PER_PARTICIPANT, CONSUMERS_PER_PARTICIPANT, PARTICIPANTS_PER_MEETING, IDLE_SECONDS, JOIN_SECONDS,
            CONNECTIONS_PER_ADDRESS, JOINS_PER_SECOND_PER_ADDRESS, MESSAGES_PER_SECOND, SIP_TRANSACTIONS_PER_SOURCE,
            JOINS_PER_INVITATION, JOINS_PER_OBSERVER_INVITATION, OBSERVERS_PER_MEETING, HELD_MESSAGES);

    /**
     * Limits of connections rather than requests.
     *
     * @param idleSeconds              an HTTP connection must complete a request this long after it opened or after its
     *                                 previous request; a WebSocket that sends nothing this long is pinged, and closed
     *                                 after as long again without an answer
     * @param joinSeconds              a WebSocket must {@code join} this long after its upgrade
     * @param connectionsPerAddress    WebSockets open at once from one source IP address
     * @param joinsPerSecondPerAddress sustained {@code join} rate of one source IP address (token bucket refill)
     * @param joinBurstPerAddress      joins one source IP address may make at once (token bucket size)
     * @param heldMessages             messages a WebSocket whose client stopped reading may hold beyond its write
     *                                 buffer, not counting the state events merged by kind (participants, producers,
     *                                 floor, roster); past it the connection is closed
     */
    public record ConnectionLimits(int idleSeconds, int joinSeconds, int connectionsPerAddress,
                                   double joinsPerSecondPerAddress, int joinBurstPerAddress, int heldMessages) {

        /** {@code heldMessages}' default: replies and events a slow client may have waiting besides the merged state. */
        public static final int DEFAULT_HELD_MESSAGES = 1000;

        /**
         * 200 WebSockets and a burst of 200 joins per address: a conference room's delegates often share one NAT
         * address, and all of them join when the session opens.
         */
        public static final ConnectionLimits DEFAULTS = new ConnectionLimits(30, 30, 200, 5, 200);

        public ConnectionLimits {
            if (idleSeconds < 1 || joinSeconds < 1 || connectionsPerAddress < 1 || !(joinsPerSecondPerAddress > 0)
                    || joinBurstPerAddress < 1 || heldMessages < 1) {
                throw new IllegalArgumentException("connection limits out of range: " + idleSeconds + ", " + joinSeconds
                        + ", " + connectionsPerAddress + ", " + joinsPerSecondPerAddress + ", " + joinBurstPerAddress
                        + ", " + heldMessages);
            }
        }

        /** These limits, {@code heldMessages} at its default. */
        public ConnectionLimits(int idleSeconds, int joinSeconds, int connectionsPerAddress,
                                double joinsPerSecondPerAddress, int joinBurstPerAddress) {
            this(idleSeconds, joinSeconds, connectionsPerAddress, joinsPerSecondPerAddress, joinBurstPerAddress,
                    DEFAULT_HELD_MESSAGES);
        }
    }

    public SignalingLimits {
        if (!(messagesPerSecond > 0) || messageBurst < 1 || mlinesPerTransport < 1 || producersPerParticipant < 0
                || consumersPerParticipant < 0 || participantsPerMeeting < 1 || sipTransactionsPerSource < 1
                || joinsPerInvitation < 1 || joinsPerObserverInvitation < 1 || observersPerMeeting < 1) {
            throw new IllegalArgumentException("limits out of range: " + messagesPerSecond + ", " + messageBurst + ", "
                    + mlinesPerTransport + ", " + producersPerParticipant + ", " + consumersPerParticipant + ", "
                    + participantsPerMeeting + ", " + sipTransactionsPerSource + ", " + joinsPerInvitation + ", "
                    + joinsPerObserverInvitation + ", " + observersPerMeeting);
        }
        if (connections == null) {
            throw new IllegalArgumentException("connection limits missing");
        }
    }

    /** The limits given, those of SIP transactions, invitations and connections at their defaults. */
    public SignalingLimits(double messagesPerSecond, int messageBurst, int mlinesPerTransport,
                           int producersPerParticipant, int consumersPerParticipant, int participantsPerMeeting) {
        this(messagesPerSecond, messageBurst, mlinesPerTransport, producersPerParticipant, consumersPerParticipant,
                participantsPerMeeting, DEFAULT_SIP_TRANSACTIONS_PER_SOURCE, DEFAULT_JOINS_PER_INVITATION,
                DEFAULT_JOINS_PER_OBSERVER_INVITATION, DEFAULT_OBSERVERS_PER_MEETING, ConnectionLimits.DEFAULTS);
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
        return new SignalingLimits(messagesPerSecond, messageBurst, mlines, producers, consumers, participantsPerMeeting,
                sipTransactionsPerSource, joinsPerInvitation, joinsPerObserverInvitation, observersPerMeeting, connections);
    }

    public SignalingLimits withParticipantsPerMeeting(int participants) {
        return new SignalingLimits(messagesPerSecond, messageBurst, mlinesPerTransport, producersPerParticipant,
                consumersPerParticipant, participants, sipTransactionsPerSource, joinsPerInvitation,
                joinsPerObserverInvitation, observersPerMeeting, connections);
    }

    public SignalingLimits withConnections(ConnectionLimits limits) {
        return new SignalingLimits(messagesPerSecond, messageBurst, mlinesPerTransport, producersPerParticipant,
                consumersPerParticipant, participantsPerMeeting, sipTransactionsPerSource, joinsPerInvitation,
                joinsPerObserverInvitation, observersPerMeeting, limits);
    }

    public SignalingLimits withSipTransactionsPerSource(int transactions) {
        return new SignalingLimits(messagesPerSecond, messageBurst, mlinesPerTransport, producersPerParticipant,
                consumersPerParticipant, participantsPerMeeting, transactions, joinsPerInvitation,
                joinsPerObserverInvitation, observersPerMeeting, connections);
    }

    public SignalingLimits withJoinsPerInvitation(int personal, int observer) {
        return new SignalingLimits(messagesPerSecond, messageBurst, mlinesPerTransport, producersPerParticipant,
                consumersPerParticipant, participantsPerMeeting, sipTransactionsPerSource, personal, observer,
                observersPerMeeting, connections);
    }

    public SignalingLimits withObserversPerMeeting(int observers) {
        return new SignalingLimits(messagesPerSecond, messageBurst, mlinesPerTransport, producersPerParticipant,
                consumersPerParticipant, participantsPerMeeting, sipTransactionsPerSource, joinsPerInvitation,
                joinsPerObserverInvitation, observers, connections);
    }

    /**
     * What an observer's transport may negotiate: one receiving m-line, nothing sent. The session checks each
     * offer first, with a clearer refusal; this keeps a renegotiation from adding a line under another mid.
     */
    public static NegotiationLimits observerNegotiation() {
        return new NegotiationLimits(1, 0, 1);
    }

    /** How many may be in at once on one invitation for {@code role}: observer links are shared, the others personal. */
    public int joinsPerInvitation(Role role) {
        return role == Role.OBSERVER ? joinsPerObserverInvitation : joinsPerInvitation;
    }

    /** The limit key {@link #joinsPerInvitation(Role)} applies for {@code role}. */
    public static String joinsPerInvitationKey(Role role) {
        return role == Role.OBSERVER ? JOINS_PER_OBSERVER_INVITATION : JOINS_PER_INVITATION;
    }
}
