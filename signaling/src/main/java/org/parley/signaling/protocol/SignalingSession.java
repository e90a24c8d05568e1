package org.parley.signaling.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.signaling.diagnostics.InternalErrors;
import org.parley.media.MediaServer;
import org.parley.media.router.Consumer;
import org.parley.media.router.Producer;
import org.parley.media.router.Router;
import org.parley.media.sdp.Direction;
import org.parley.media.sdp.MediaDescription;
import org.parley.media.sdp.SdpException;
import org.parley.media.sdp.SdpParser;
import org.parley.media.sdp.SessionDescription;
import org.parley.media.transport.MediaBusyException;
import org.parley.media.transport.NegotiationLimitException;
import org.parley.media.transport.PublishRefusedException;
import org.parley.media.transport.WebRtcTransport;
import org.parley.signaling.auth.Role;
import org.parley.signaling.captions.Caption;
import org.parley.signaling.auth.TokenClaims;
import org.parley.signaling.auth.TokenException;
import org.parley.signaling.auth.TokenFailure;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.dashboard.Dashboard;
import org.parley.signaling.dashboard.DashboardRefusal;
import org.parley.signaling.interpretation.ChannelKey;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.meeting.FloorState;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingEvents;
import org.parley.signaling.meeting.MeetingFullException;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.meeting.RecordingState;
import org.parley.signaling.recording.MeetingRecordings;
import org.parley.signaling.recording.RecordingRefusal;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.provisioning.InvitationHolders;
import org.parley.signaling.provisioning.InvitationInUseException;
import org.parley.signaling.provisioning.MeetingAccess;
import org.parley.signaling.statistics.Access;
import org.parley.signaling.statistics.ChannelClock;
import org.parley.signaling.statistics.LeaveReason;
import org.parley.signaling.statistics.LiveParticipation;
import org.parley.signaling.turn.TurnCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's conversation with the server: handles its messages in order and relays what happens
 * in its meeting. All state is confined to the connection's thread ({@link ClientConnection#executor()});
 * the {@link MeetingEvents} callbacks, which arrive on other threads, only send.
 *
 * <p>The media transport is created on the first {@code offer}, so joining works without media.
 * A participant joins with a token ({@link MeetingAccess#admit}), which gives its role, or without one
 * to an open meeting, as a {@link Role#DELEGATE}; each action is checked against the role.
 *
 * <p>An {@link Role#OBSERVER} (an observer's token, or {@code listenOnly} without one where the meeting admits
 * anonymous observers) joins outside the roster ({@link Meeting#joinObserver}): a compact {@code joined}, no
 * booth desk, no floor; one receiving m-line that follows a language channel, nothing else.
 */
public final class SignalingSession implements MeetingEvents, InvitationHolders.Holder {

    private static final Logger LOG = LoggerFactory.getLogger(SignalingSession.class);
    private static final int MAX_NAME_LENGTH = 64;
    /** The name an observer who gives none is logged under (nobody else sees observers' names). */
    static final String UNNAMED_OBSERVER = "observer";
    private static final long TIER_CHECK_MILLIS = 1000;

    private final ObjectMapper mapper;
    private final MeetingRegistry meetings;
    private final Optional<MediaServer> media;
    private final SignalingMetrics metrics;
    private final SignalingLimits limits;
    private final ClientConnection connection;
    private final MeetingAccess access;
    /** Time per channel for the participation log: producer ids, or languages for channel subscriptions. */
    private final ChannelClock listening = new ChannelClock(System::nanoTime);
    private final Optional<InterpretationChannels> interpretation;
    private final ChannelSubscriptions channels;
    private final FloorRequests floorRequests;
    private final CaptionRequests captions;
    private final FloorVoice voice = new FloorVoice();
    private final SessionMedia sessionMedia = new SessionMedia();
    private final BoothDesk desk;
    /** Issues each joining participant its TURN credentials; empty without TURN servers configured. */
    private final Optional<TurnCredentials> turn;
    private final JoinAdmission admission;
    private final Dashboard dashboard;
    /** The server's recordings; null when it cannot record (no media core). */
    private final MeetingRecordings recordings;

    private Participant participant;
    /** Whether this connection has ever joined (a {@code leave} does not reset it); read by the join deadline. */
    private boolean everJoined;
    /** Set with {@link #participant}. */
    private Role role;
    /** The booth language of an interpreter, otherwise null; set with {@link #participant}. */
    private String booth;
    /** The statistics of this stay (time per language channel); set with {@link #participant}. */
    private LiveParticipation statistics;
    private WebRtcTransport transport;
    /** The next look at the listener's reception reports, while an m-line has {@code tier: "auto"}. */
    private ScheduledFuture<?> tierCheck;
    /** The roster feed of a chair or an operator while joined, otherwise null. */
    private volatile RosterFeed roster;
    /** The dashboard this connection watches instead of joining a meeting, otherwise null. */
    private DashboardView dashboardView;

    /**
     * @param interpretation the meetings' interpretation channels; empty without a media core
     * @param desks          the meetings' booth desks, shared by all sessions
     * @param turn           TURN credentials for {@code joined.iceServers}; empty without TURN servers
     * @param limits         what an offer may allocate and how many may join a meeting
     */
    public SignalingSession(ObjectMapper mapper, MeetingRegistry meetings, Optional<MediaServer> media,
                            Optional<InterpretationChannels> interpretation, BoothDesks desks, SignalingLimits limits,
                            SignalingMetrics metrics, ClientConnection connection, MeetingAccess access,
                            Optional<TurnCredentials> turn) {
        this(mapper, meetings, media, interpretation, desks, limits, metrics, connection, access, turn,
                JoinAdmission.UNLIMITED, null, null);
    }

    /**
     * @param admission the join allowance of the connection's source address ({@code limits.joinsPerSecondPerAddress})
     * @param dashboard the operators' dashboard this connection may watch instead of joining; null for none
     * @param recordings the server's recordings, which chairs and operators start and stop; null for none
     */
    public SignalingSession(ObjectMapper mapper, MeetingRegistry meetings, Optional<MediaServer> media,
                            Optional<InterpretationChannels> interpretation, BoothDesks desks, SignalingLimits limits,
                            SignalingMetrics metrics, ClientConnection connection, MeetingAccess access,
                            Optional<TurnCredentials> turn, JoinAdmission admission, Dashboard dashboard,
                            MeetingRecordings recordings) {
        this.dashboard = dashboard;
        this.recordings = recordings;
        this.admission = admission;
        this.limits = limits;
        this.turn = turn;
        this.interpretation = interpretation;
        this.channels = new ChannelSubscriptions(interpretation, connection, metrics);
        this.floorRequests = new FloorRequests(connection);
        this.captions = new CaptionRequests(connection);
        this.desk = new BoothDesk(desks, interpretation, connection);
        this.mapper = mapper;
        this.meetings = meetings;
        this.media = media;
        this.metrics = metrics;
        this.connection = connection;
        this.access = access;
    }

    /** Handles one text frame. Never throws: every failure becomes an {@code error} reply. */
    public void handle(String text) {
        JsonNode id = null;
        try {
            ClientMessage message = ClientMessage.parse(mapper, text);
            id = message.id();
            String typeName = message.type();
            MessageType type = MessageType.fromWireName(typeName);
            metrics.messageReceived(type);
            if (type == null) {
                throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type \"" + typeName + "\"");
            }
            dispatch(type, message);
        } catch (ProtocolException e) {
            connection.sendError(e.code(), e.getMessage(), id);
        } catch (RuntimeException e) {
            connection.sendError(ErrorCode.INTERNAL,
                    InternalErrors.report(LOG, "Handling a message from " + participant, e), id);
        }
    }

    private void dispatch(MessageType type, ClientMessage message) throws ProtocolException {
        switch (type) {
            case JOIN -> join(message);
            case OFFER -> offer(message);
            case SUBSCRIBE, SWITCH -> subscribe(message);
            case UNSUBSCRIBE -> unsubscribe(message);
            case SUBSCRIBE_CHANNEL -> subscribeChannel(message);
            case MIC_ON -> channels.micOn(message, requireJoined());
            case MIC_OFF -> channels.micOff(message, requireJoined());
            case COUGH -> channels.cough(message, requireJoined());
            case RAISE_HAND, GRANT_FLOOR, REVOKE_FLOOR, SET_FLOOR_LANGUAGE ->
                    floorRequests.handle(type, message, requireJoined());
            case CAPTION -> captions.caption(message, requireJoined());
            case SUBSCRIBE_CAPTIONS -> captions.subscribe(message, requireJoined());
            case SLOW_DOWN, BOOTH_CHAT, REQUEST_HANDOVER, ACCEPT_HANDOVER, TAKE_OVER, SET_INCOMING, SET_OUTGOING -> {
                requireJoined();
                desk.handle(type, message);
            }
            case LEAVE -> leave(message);
            case END_MEETING -> endMeeting(message);
            case START_RECORDING, STOP_RECORDING -> recording(type, message);
            case PING -> connection.send(ServerMessages.reply("pong", message.id()));
            case WATCH_DASHBOARD -> watchDashboard(message);
        }
    }

    /**
     * {@code watchDashboard}: the connection becomes an operator's dashboard view, of the whole server with
     * the admin key ({@code key}), of one meeting with its operator's invitation token ({@code token}), or
     * of an account's meetings with a ticket of its login session ({@code ticket}, spent here).
     * A connection either watches or joins, never both.
     */
    private void watchDashboard(ClientMessage message) throws ProtocolException {
        if (participant != null) {
            throw new ProtocolException(ErrorCode.ALREADY_JOINED, "a participant's connection cannot watch the"
                    + " dashboard; open another one");
        }
        if (dashboardView != null) {
            throw new ProtocolException(ErrorCode.ALREADY_JOINED, "this connection watches the dashboard already");
        }
        if (dashboard == null) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "this server has no dashboard");
        }
        admitFromAddress();
        String key = message.optionalString("key");
        String token = message.optionalString("token");
        String ticket = message.optionalString("ticket");
        DashboardView.Credentials credentials;
        try {
            if (key == null && token == null && ticket != null) {
                credentials = dashboard.access().redeem(ticket)::scope;
            } else {
                credentials = () -> dashboard.access().admit(key, token);
            }
            credentials.admit();
        } catch (DashboardRefusal e) {
            throw new ProtocolException(DashboardView.errorCode(e), e.getMessage());
        }
        dashboardView = new DashboardView(connection, dashboard.feed(), credentials, System::nanoTime);
        everJoined = true; // the join deadline is for idle connections: a watching one is in use
        dashboardView.start(message.id());
    }

    private void join(ClientMessage message) throws ProtocolException {
        if (participant != null) {
            throw new ProtocolException(ErrorCode.ALREADY_JOINED, "already in meeting \"" + participant.meeting().id() + "\"");
        }
        if (dashboardView != null) {
            throw new ProtocolException(ErrorCode.ALREADY_JOINED, "this connection watches the dashboard; join on another one");
        }
        admitFromAddress();
        String token = message.optionalString("token");
        String requestedMeeting = message.optionalString("meeting");
        boolean listenOnly = message.optionalBoolean("listenOnly", false);
        // Anonymous joins of open meetings come as delegates, listen-only ones as observers; a token says who its bearer is.
        TokenClaims claims = token == null ? null : admit(token, requestedMeeting);
        if (claims != null && listenOnly && claims.role() != Role.OBSERVER) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"listenOnly\": this token is a "
                    + claims.role().wireName() + "'s; only an observer's token or a join without one is listen-only");
        }
        String meetingId = claims != null ? claims.meetingId() : message.requiredString("meeting");
        Role joiningRole = claims != null ? claims.role() : listenOnly ? Role.OBSERVER : Role.DELEGATE;
        String name = claims != null && claims.name() != null ? claims.name()
                : joiningRole == Role.OBSERVER ? observerName(message) : displayName(message);
        Meeting meeting = meetings.meeting(meetingId);
        if (meeting == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_MEETING, "no meeting \"" + meetingId + "\"");
        }
        if (claims == null && !(listenOnly ? meeting.admitsAnonymousObservers() : meeting.open())) {
            throw new ProtocolException(ErrorCode.TOKEN_REQUIRED, "meeting \"" + meetingId + "\" needs an invitation token"
                    + (listenOnly || !meeting.admitsAnonymousObservers() ? "" : "; anyone may listen (\"listenOnly\": true)"));
        }
        captions.joining(message, meeting);
        String booth = claims == null ? null : claims.booth();
        Participant joined;
        try {
            joined = joiningRole == Role.OBSERVER
                    ? joinAsObserver(message, meeting, name, claims)
                    : joinMeeting(message, meeting, name, joiningRole, booth, claims);
        } catch (MeetingFullException e) {
            String limit = joiningRole == Role.OBSERVER ? SignalingLimits.OBSERVERS_PER_MEETING
                    : SignalingLimits.PARTICIPANTS_PER_MEETING;
            metrics.limitRefused(limit);
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, "limit " + limit + ": " + e.getMessage());
        } catch (InvitationInUseException e) {
            // Thrown by the welcome before anything of the join is done or sent.
            metrics.limitRefused(e.limit());
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, "limit " + e.limit() + ": " + e.getMessage());
        }
        if (joined == null) {
            throw new ProtocolException(ErrorCode.MEETING_ENDED, "meeting \"" + meetingId + "\" has ended");
        }
        participant = joined;
        everJoined = true;
        role = joiningRole;
        this.booth = booth;
        joined.setMedia(sessionMedia);
        if (joiningRole.chairsFloor()) {
            roster = new RosterFeed(connection, meeting);
            roster.start();
        }
        if (joiningRole != Role.OBSERVER) {
            desk.announced();
        }
    }

    /**
     * Takes a token of the source address's join bucket ({@code limits.joinsPerSecondPerAddress}): joins,
     * and dashboard requests, which also try credentials (an admin key cannot be guessed faster).
     */
    private void admitFromAddress() throws ProtocolException {
        if (!admission.tryJoin()) {
            metrics.limitRefused(SignalingLimits.JOINS_PER_SECOND_PER_ADDRESS);
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, "limit " + SignalingLimits.JOINS_PER_SECOND_PER_ADDRESS
                    + ": too many joins from this address; try again in a few seconds");
        }
    }

    /** Joins with the welcome sent under the meeting's lock; null if the meeting has ended. */
    private Participant joinMeeting(ClientMessage message, Meeting meeting, String name, Role joiningRole, String booth,
                                    TokenClaims claims) throws MeetingFullException {
        return meeting.join(name, joiningRole, booth, this, self -> {
            // Queued before the welcome (written just after, on the store's thread): the log follows the joins' order.
            statistics = access.joined(self, joiningRole, claims, this, Access.webSocket(joiningRole));
            FloorState floor = meeting.floor();
            voice.joined(self, floor); // under the meeting's lock: no floor change slips in between
            ObjectNode welcome = ServerMessages.joined(message.id(), self, joiningRole, booth, meeting, meeting.participants());
            welcome.set("floor", ServerMessages.floorFields(floor));
            welcome.set("booths", desk.joined(self));
            welcome.set("captions", ServerMessages.captions(captions.recent(meeting)));
            // Fresh at every join, a rejoin after a lost connection too: the credentials expire.
            turn.ifPresent(credentials -> welcome.set("iceServers", ServerMessages.iceServers(credentials.issue(self.id()))));
            connection.send(welcome);
        }, limits.participantsPerMeeting());
    }

    /**
     * Joins outside the roster with a compact welcome: what a listener needs (languages, tiers, TURN), none of
     * the participants, producers, floor or booths, and nobody is told.
     */
    private Participant joinAsObserver(ClientMessage message, Meeting meeting, String name, TokenClaims claims)
            throws MeetingFullException {
        return meeting.joinObserver(name, this, self -> {
            statistics = access.joined(self, Role.OBSERVER, claims, this, Access.webSocket(Role.OBSERVER));
            ObjectNode welcome = ServerMessages.observerJoined(message.id(), self, meeting);
            welcome.set("captions", ServerMessages.captions(captions.recent(meeting)));
            turn.ifPresent(credentials -> welcome.set("iceServers", ServerMessages.iceServers(credentials.issue(self.id()))));
            connection.send(welcome);
        }, limits.observersPerMeeting());
    }

    private TokenClaims admit(String token, String requestedMeeting) throws ProtocolException {
        try {
            return access.admit(token, requestedMeeting);
        } catch (TokenException e) {
            throw new ProtocolException(errorCode(e.failure()), e.getMessage());
        }
    }

    static ErrorCode errorCode(TokenFailure failure) {
        return switch (failure) {
            case INVALID -> ErrorCode.TOKEN_INVALID;
            case EXPIRED -> ErrorCode.TOKEN_EXPIRED;
            case REVOKED -> ErrorCode.TOKEN_REVOKED;
            case WRONG_MEETING -> ErrorCode.TOKEN_WRONG_MEETING;
        };
    }

    private static String displayName(ClientMessage message) throws ProtocolException {
        return checkedName(message.requiredString("name"));
    }

    /** An observer's name is optional: only the participation log and the statistics keep it. */
    private static String observerName(ClientMessage message) throws ProtocolException {
        String name = message.optionalString("name");
        return name == null ? UNNAMED_OBSERVER : checkedName(name);
    }

    private static String checkedName(String given) throws ProtocolException {
        String name = given.strip();
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new ProtocolException(ErrorCode.BAD_MESSAGE, "field \"name\" must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    private void offer(ClientMessage message) throws ProtocolException {
        Participant self = requireJoined();
        String sdp = message.requiredString("sdp");
        SessionDescription parsed = role.canPublish() ? null : parse(sdp);
        if (!role.canPublish() && sendsMedia(parsed)) {
            if (role == Role.OBSERVER) {
                metrics.observerRefused("offer");
            }
            throw new ProtocolException(ErrorCode.FORBIDDEN, "a " + role.wireName()
                    + " cannot publish: every m-line must be recvonly or inactive");
        }
        if (role == Role.OBSERVER) {
            requireOneListeningLine(parsed);
        }
        WebRtcTransport.Negotiation negotiation;
        try {
            // The transport decides on the producers its answer would create (a port-0 bundle-only line too).
            negotiation = transport().negotiate(sdp, role.canPublish(),
                    role == Role.OBSERVER ? SignalingLimits.observerNegotiation() : limits.negotiation());
        } catch (PublishRefusedException e) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "a " + role.wireName() + " cannot publish: " + e.getMessage());
        } catch (NegotiationLimitException e) {
            if (role == Role.OBSERVER) {
                // A renegotiation that would add a line under another mid: the observer's one line is fixed.
                metrics.observerRefused("offer");
                throw new ProtocolException(ErrorCode.FORBIDDEN, "an observer's transport has one receiving m-line: "
                        + e.getMessage());
            }
            String limit = e.limit().configName();
            metrics.limitRefused(limit);
            throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, "limit " + limit + ": " + e.getMessage());
        } catch (MediaBusyException e) {
            throw new ProtocolException(ErrorCode.MEDIA_BUSY, e.getMessage());
        } catch (SdpException e) {
            throw new ProtocolException(ErrorCode.BAD_SDP, e.getMessage());
        }
        if (role != Role.INTERPRETER) {
            // Floor gating before the answer goes out, so no packet of an unheard delegate is forwarded.
            voice.add(negotiation.newProducers());
        } else {
            // Off air until the mixer puts it on air (MeetingChannels gates booth microphones): no packet before.
            for (Producer producer : negotiation.newProducers()) {
                producer.setMuted(true);
            }
        }
        connection.send(ServerMessages.answer(message.id(), negotiation.answerSdp(),
                negotiation.newProducers(), negotiation.newConsumers()));
        // The router listener may already have announced them; the meeting tells the others once.
        for (Producer producer : negotiation.newProducers()) {
            self.meeting().addProducer(self, producer.id());
        }
        desk.published(negotiation.newProducers());
        channels.published(self.meeting(), negotiation.newProducers(), role, booth, voice.heard(), transport::consumer,
                router());
    }

    /**
     * Whether any m-line of the offer the server could accept sends (sendrecv or sendonly, RFC 3264 §5.1):
     * port 0 is rejected (§6) unless the line is {@code a=bundle-only} (RFC 8843 §6.1), which the answerer
     * accepts. A quick check that works without a media core; the transport checks its actual answer.
     */
    private static boolean sendsMedia(SessionDescription offer) {
        for (MediaDescription m : offer.media()) {
            boolean accepted = m.port() != 0 || m.otherAttribute("bundle-only") != null;
            if (accepted && offer.directionOf(m).sends()) {
                return true;
            }
        }
        return false;
    }

    private static SessionDescription parse(String sdp) throws ProtocolException {
        try {
            return SdpParser.parse(sdp);
        } catch (SdpException e) {
            throw new ProtocolException(ErrorCode.BAD_SDP, e.getMessage());
        }
    }

    /**
     * An observer's compact transport: its offer is exactly one {@code recvonly} audio m-line (the language
     * channel it follows), so thousands of listeners cost one consumer each. Checked before anything is applied.
     */
    private void requireOneListeningLine(SessionDescription offer) throws ProtocolException {
        List<MediaDescription> lines = offer.media();
        MediaDescription line = lines.size() == 1 ? lines.getFirst() : null;
        if (line == null || !"audio".equals(line.kind()) || offer.directionOf(line) != Direction.RECVONLY) {
            metrics.observerRefused("offer");
            String got = line == null ? lines.size() + " m-lines"
                    : "one " + line.kind() + " m-line, " + offer.directionOf(line).attributeName();
            throw new ProtocolException(ErrorCode.FORBIDDEN, "an observer listens on exactly one recvonly audio m-line"
                    + " (then subscribeChannel); this offer has " + got);
        }
    }

    /** The participant's transport, created on first use: a participant that never offers needs none. */
    private WebRtcTransport transport() throws ProtocolException {
        if (transport == null) {
            MediaServer server = media.orElseThrow(() ->
                    new ProtocolException(ErrorCode.MEDIA_UNAVAILABLE, "this server runs without a media core"));
            WebRtcTransport created = server.createTransport(participant.id());
            created.onClose(reason -> onConnectionThread(() -> transportClosed(created, reason)));
            transport = created;
            sessionMedia.setTransport(created);
        }
        return transport;
    }

    /** Media callbacks arrive on media threads; session state belongs to the connection's thread. */
    private void onConnectionThread(Runnable task) {
        try {
            connection.executor().execute(task);
        } catch (RejectedExecutionException e) {
            // The server is shutting down and the connection with it: nobody is left to tell.
        }
    }

    private void subscribe(ClientMessage message) throws ProtocolException {
        Participant self = requireJoined();
        if (role == Role.OBSERVER) {
            metrics.observerRefused("subscribe");
            throw new ProtocolException(ErrorCode.FORBIDDEN, "an observer follows the language channels only:"
                    + " use subscribeChannel");
        }
        String mid = message.requiredString("mid");
        String producerId = message.requiredString("producerId");
        Participant publisher = self.meeting().publisherOf(producerId);
        if (publisher == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_PRODUCER, "no producer \"" + producerId + "\" in this meeting");
        }
        if (!mayHear(publisher)) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "an interpreter's microphone is heard only by its booth"
                    + " partners, chairs and operators, not by a " + role.wireName() + "; follow the language channel"
                    + " with subscribeChannel");
        }
        Consumer consumer = consumer(mid);
        Producer producer = router().producer(producerId);
        if (producer == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_PRODUCER, "producer \"" + producerId + "\" has closed");
        }
        // Connecting a connected consumer switches its source: same SSRC, no renegotiation.
        try {
            router().connect(consumer, producer);
        } catch (IllegalArgumentException e) {
            // Its transport closed on the media loop since the lookup above.
            throw new ProtocolException(ErrorCode.UNKNOWN_PRODUCER, "producer \"" + producerId + "\" has closed");
        }
        channels.midReleased(mid);
        // A floor voice is the floor channel; an interpreter's microphone (heard by booth partners, chairs) its booth's.
        listen(mid, producerId, publisher.role() == Role.INTERPRETER ? publisher.booth() : ChannelKey.FLOOR);
        connection.send(ServerMessages.subscribed(message.id(), mid, producerId));
        channelsChanged();
    }

    /**
     * The subscribe policy (PROTOCOL.md, "Who hears whom"): floor voices are open to everyone; an
     * interpreter's raw microphone only to its booth partners, chairs and operators.
     */
    private boolean mayHear(Participant publisher) {
        if (publisher.role() != Role.INTERPRETER) {
            return true;
        }
        return role.hearsEveryBoothMicrophone()
                || role == Role.INTERPRETER && booth != null && booth.equals(publisher.booth());
    }

    private void unsubscribe(ClientMessage message) throws ProtocolException {
        requireJoined();
        String mid = message.requiredString("mid");
        Consumer consumer = consumer(mid);
        router().disconnect(consumer);
        channels.midReleased(mid);
        listening.stop(mid);
        statistics.stop(mid);
        connection.send(ServerMessages.unsubscribed(message.id(), mid));
        channelsChanged();
    }

    /** {@code subscribeChannel}: the m-line follows one of the meeting's interpretation channels. */
    private void subscribeChannel(ClientMessage message) throws ProtocolException {
        Participant self = requireJoined();
        Consumer consumer = consumer(message.requiredString("mid"));
        ObjectNode subscribed = channels.subscribeChannel(message, self.meeting(), role, consumer, router());
        String language = message.requiredString("language");
        // Counted from before the client is told, so that its time on a channel is at least what the client saw.
        listen(message.requiredString("mid"), language, language);
        connection.send(subscribed);
        channelsChanged();
        scheduleTierCheck();
    }

    /** The m-line {@code mid} now plays {@code logChannel} (participation log), which is {@code language} (statistics). */
    private void listen(String mid, String logChannel, String language) {
        listening.listen(mid, logChannel);
        statistics.listen(mid, language);
    }

    /** Reception reports come about every 5 s; a check a second moves an {@code auto} m-line soon after one. */
    private void scheduleTierCheck() {
        if (tierCheck != null || !channels.adaptsTiers()) {
            return;
        }
        try {
            tierCheck = connection.schedule(() -> {
                tierCheck = null;
                if (participant != null && transport != null && channels.adaptTiers(transport, router(), System.nanoTime())) {
                    channelsChanged();
                }
                scheduleTierCheck();
            }, TIER_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The connection's loop is shutting down with the server.
        }
    }

    /** Rosters show the channel each participant listens to: tell them when ours changed. */
    private void channelsChanged() {
        if (sessionMedia.setListening(channels.listening())) {
            participant.meeting().participantUpdated(participant);
        }
    }

    /** Only called once {@link #consumer} found a consumer, which implies a transport, hence a media core. */
    private Router router() {
        return media.orElseThrow(() -> new IllegalStateException("no media core")).router();
    }

    /** The consumer of {@code mid}, or null without a transport or such an m-line. */
    private Consumer consumerOrNull(String mid) {
        return transport == null ? null : transport.consumer(mid);
    }

    private Consumer consumer(String mid) throws ProtocolException {
        Consumer consumer = transport == null ? null : transport.consumer(mid);
        if (consumer == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_MID, "no receiving m-line with mid \"" + mid + "\" has been negotiated");
        }
        return consumer;
    }

    private void leave(ClientMessage message) throws ProtocolException {
        requireJoined();
        leaveMeeting(LeaveReason.LEFT, () -> connection.send(ServerMessages.reply("left", message.id())));
    }

    /**
     * {@code startRecording} / {@code stopRecording} (chair and operator): the reply is the {@code recording}
     * state, which everyone in the meeting is also told; a stop is answered once the files are closed.
     */
    private void recording(MessageType type, ClientMessage message) throws ProtocolException {
        Participant self = requireJoined();
        if (!role.chairsFloor()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only a chair or an operator may start or stop the"
                    + " recording, not a " + role.wireName());
        }
        if (recordings == null) {
            throw new ProtocolException(ErrorCode.MEDIA_UNAVAILABLE, "this server cannot record: it runs without a"
                    + " media core");
        }
        JsonNode id = message.id();
        Meeting meeting = self.meeting();
        CompletableFuture<?> done = type == MessageType.START_RECORDING
                ? recordings.start(meeting.id(), role.wireName() + " \"" + self.name() + "\"")
                : recordings.stop(meeting.id());
        done.whenComplete((ignored, failure) -> onConnectionThread(() -> {
            Throwable cause = failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
            if (cause instanceof RecordingRefusal refusal) {
                connection.sendError(switch (refusal.reason()) {
                    case CONFLICT -> ErrorCode.RECORDING_STATE;
                    case MEETING_ENDED -> ErrorCode.MEETING_ENDED;
                    case UNAVAILABLE -> ErrorCode.MEDIA_UNAVAILABLE;
                    case FAILED -> ErrorCode.INTERNAL;
                }, refusal.getMessage(), id);
            } else if (cause != null) {
                connection.sendError(ErrorCode.INTERNAL, InternalErrors.report(LOG, "Recording meeting " + meeting.id(),
                        cause), id);
            } else {
                connection.send(ServerMessages.recording(id, meeting.recording()));
            }
        }));
    }

    /** Ends the meeting for everyone (operator only); the others get {@code meetingEnded}, all are disconnected. */
    private void endMeeting(ClientMessage message) throws ProtocolException {
        Participant self = requireJoined();
        if (!role.canEndMeeting()) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "only an operator may end the meeting, not a "
                    + role.wireName());
        }
        Meeting meeting = self.meeting();
        JsonNode id = message.id();
        // Recorded on the store's thread, never this event loop's; the session goes on here once it is.
        access.end(meeting, self).whenComplete((ended, failure) -> onConnectionThread(() -> {
            if (failure != null) {
                connection.sendError(ErrorCode.INTERNAL, InternalErrors.report(LOG, "Ending meeting " + meeting.id(),
                        failure instanceof CompletionException wrapped ? wrapped.getCause() : failure), id);
                return;
            }
            if (participant == self) {
                leaveMeeting(LeaveReason.ENDED, () -> connection.send(ServerMessages.meetingEnded(id, meeting.id())));
            } else {
                connection.send(ServerMessages.meetingEnded(id, meeting.id())); // it left meanwhile
            }
            interpretation.ifPresent(all -> all.meetingEnded(meeting.id()));
            connection.close("meeting ended");
        }));
    }

    /** The connection is gone: the participant leaves and its transport closes, or the dashboard view stops. */
    public void close() {
        if (dashboardView != null) {
            dashboardView.stop();
            dashboardView = null;
        }
        if (participant != null) {
            leaveMeeting(LeaveReason.DISCONNECTED, () -> { });
        }
    }

    /**
     * Leaves the meeting for {@code reason}, runs {@code thenBeforeClosing} (the {@code left} reply), closes
     * the transport.
     */
    private void leaveMeeting(LeaveReason reason, Runnable thenBeforeClosing) {
        Participant self = participant;
        WebRtcTransport closing = transport;
        participant = null;
        role = null;
        booth = null;
        statistics = null;
        transport = null;
        if (roster != null) {
            roster.stop();
            roster = null;
        }
        if (tierCheck != null) {
            tierCheck.cancel(false);
            tierCheck = null;
        }
        self.meeting().leave(self);
        channels.left(self.meeting());
        voice.left();
        sessionMedia.setTransport(null);
        sessionMedia.setListening(null);
        desk.left();
        access.left(self, listening.finish(), reason);
        thenBeforeClosing.run();
        if (closing != null) {
            closing.close();
        }
    }

    /** The media core closed the transport (ICE consent lapse, DTLS failure) while the participant stayed. */
    private void transportClosed(WebRtcTransport closed, String reason) {
        if (transport != closed) {
            return; // already detached by leave or close
        }
        transport = null;
        sessionMedia.setTransport(null);
        voice.clear();
        listening.stopAll();
        statistics.stopAll();
        channels.stopAll();
        channelsChanged();
        desk.unpublished();
        for (String producerId : participant.producerIds()) {
            participant.meeting().removeProducer(participant, producerId);
        }
        connection.send(ServerMessages.transportClosed(reason));
    }

    /** Whether this session has joined a meeting since it opened; on {@link ClientConnection#executor()}. */
    public boolean hasJoined() {
        return everJoined;
    }

    private Participant requireJoined() throws ProtocolException {
        if (participant == null) {
            throw new ProtocolException(ErrorCode.NOT_JOINED, "join a meeting first");
        }
        return participant;
    }

    @Override
    public void participantJoined(Participant other) {
        connection.send(ServerMessages.participantJoined(other));
        rosterChanged();
    }

    @Override
    public void participantLeft(Participant other) {
        connection.send(ServerMessages.participantLeft(other));
        rosterChanged();
    }

    @Override
    public void producerAdded(Participant publisher, String producerId) {
        connection.send(ServerMessages.producerAdded(producerId, publisher));
        rosterChanged();
    }

    @Override
    public void producerRemoved(Participant publisher, String producerId) {
        connection.send(ServerMessages.producerRemoved(producerId, publisher));
        rosterChanged();
    }

    /**
     * Called with the meeting locked, on the thread that changed the floor: mutes or unmutes our
     * producers at once (a volatile write each), then moves the mixer side to the connection's thread.
     */
    @Override
    public void floorChanged(FloorState floor) {
        connection.send(ServerMessages.floor(floor));
        if (voice.follow(floor)) {
            onConnectionThread(() -> channels.floorHeard(voice.heard(), this::consumerOrNull,
                    media.map(MediaServer::router).orElse(null)));
        }
        rosterChanged();
    }

    @Override
    public void recordingChanged(RecordingState recording) {
        connection.send(ServerMessages.recording(null, recording));
    }

    @Override
    public void tierPolicyChanged(List<String> tiers) {
        connection.send(ServerMessages.tierPolicy(tiers));
        onConnectionThread(() -> channels.tiersAllowed(tiers));
    }

    @Override
    public void caption(Participant from, Caption caption, boolean ofFloor) {
        if (captions.wants(caption.language())) {
            connection.send(ServerMessages.caption(from, caption, ofFloor));
        }
    }

    @Override
    public void participantUpdated(Participant other) {
        rosterChanged();
    }

    /** Any thread: the roster of a chair or an operator is due for a rebuild. */
    private void rosterChanged() {
        RosterFeed feed = roster;
        if (feed != null) {
            feed.changed();
        }
    }

    /** Called with the meeting locked: the change is followed on the connection's thread. */
    @Override
    public void languagesChanged(List<String> added, List<String> removed) {
        onConnectionThread(() -> followLanguages(added, removed));
    }

    /**
     * Follows languages added to or removed from the meeting: m-lines following a removed language
     * switch to the floor ({@code channelRemoved}), an interpreter whose booth was removed stops
     * feeding it ({@code boothRemoved}) or feeds it again once it is back ({@code boothReopened}), and
     * the mixer drops the removed channels, after this participant's listeners left them.
     */
    private void followLanguages(List<String> added, List<String> removed) {
        if (participant == null) {
            return; // left meanwhile
        }
        Meeting meeting = participant.meeting();
        if (transport != null) {
            List<ChannelSubscriptions.FloorMove> moved = channels.moveToFloor(removed, transport::consumer, router());
            for (ChannelSubscriptions.FloorMove move : moved) {
                listen(move.mid(), ChannelKey.FLOOR, ChannelKey.FLOOR);
                connection.send(ServerMessages.channelRemoved(move));
            }
            if (!moved.isEmpty()) {
                channelsChanged();
            }
        }
        if (booth != null) {
            followBooth(added, removed);
        }
        interpretation.map(all -> all.existing(meeting.id())).ifPresent(MeetingChannels::dropRemovedLanguages);
        desk.languagesChanged();
    }

    /** An interpreter loses its booth with its language, and sits in it again when the language comes back. */
    private void followBooth(List<String> added, List<String> removed) {
        if (removed.contains(booth)) {
            channels.boothRemoved();
            connection.send(ServerMessages.reply("boothRemoved", null).put("booth", booth));
        } else if (added.contains(booth)) {
            channels.boothReopened(booth);
            connection.send(ServerMessages.reply("boothReopened", null).put("booth", booth));
        }
    }

    /** The invitation this participant joined with was revoked or expired: it is told why and disconnected. */
    @Override
    public void invitationEnded(TokenFailure why, String message) {
        onConnectionThread(() -> {
            if (participant != null) {
                leaveMeeting(LeaveReason.of(why), () -> connection.send(ServerMessages.error(errorCode(why), message, null)));
                connection.close(message);
            }
        });
    }

    /** Called with the meeting locked: only schedules the goodbye on the connection's thread. */
    @Override
    public void meetingEnded() {
        onConnectionThread(() -> {
            // The meeting already removed the participant; unless it left meanwhile, it is told and disconnected.
            if (participant != null && participant.meeting().ended()) {
                String meetingId = participant.meeting().id();
                interpretation.ifPresent(all -> all.meetingEnded(meetingId));
                leaveMeeting(LeaveReason.ENDED, () -> connection.send(ServerMessages.meetingEnded(null, meetingId)));
                connection.close("meeting ended");
            }
        });
    }
}
