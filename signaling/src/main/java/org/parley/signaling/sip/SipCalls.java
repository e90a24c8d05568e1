package org.parley.signaling.sip;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.parley.signaling.diagnostics.InternalErrors;
import org.parley.signaling.auth.Role;
import org.parley.signaling.auth.TokenClaims;
import org.parley.signaling.auth.TokenException;
import org.parley.signaling.meeting.FloorState;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.meeting.MeetingFullException;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.provisioning.InvitationInUseException;
import org.parley.signaling.provisioning.MeetingAccess;
import org.parley.signaling.statistics.Access;
import org.parley.signaling.statistics.LeaveReason;
import org.parley.signaling.statistics.LiveParticipation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user agent server of dial-in (the {@link TransactionUser}): admits INVITEs whose Request-URI
 * user part is an invitation token ({@link MeetingAccess#admit}, as WebSocket joins are), negotiates
 * G.711 audio, joins the participant to its meeting, and keeps the calls by dialog. OPTIONS, BYE
 * and the 2xx ACK are handled here too. Confined to the SIP event loop.
 */
public final class SipCalls implements TransactionUser {

    private static final Logger LOG = LoggerFactory.getLogger(SipCalls.class);
    /** RFC 3261 §20.43 warn-codes. */
    private static final int WARN_MISC = SipResponses.WARN_MISC;
    private static final int WARN_INCOMPATIBLE_MEDIA = 305;
    /** Methods of RFC 3261 and its extensions Parley knows but does not take: 405 rather than 501. */
    private static final Set<String> KNOWN_METHODS = Set.of("REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH",
            "INFO", "REFER", "MESSAGE", "UPDATE");
    private static final String DEFAULT_NAME = "Room system";

    private final SipTransport transport;
    private final MeetingRegistry meetings;
    private final MeetingAccess access;
    private final Optional<CallMedia> media;
    private final SipMetrics metrics;
    private final int maxCalls;
    private final SignalingLimits limits;
    /** Where refusals by a limit are counted, with the WebSocket ones. */
    private final SignalingMetrics limitRefusals;
    private final Map<DialogId, SipCall> calls = new HashMap<>();
    /** Ended calls whose BYE is not answered yet. */
    private final List<SipCall> hangingUp = new ArrayList<>();

    public SipCalls(SipTransport transport, MeetingRegistry meetings, MeetingAccess access, Optional<CallMedia> media,
                    SipMetrics metrics, int maxCalls, SignalingLimits limits, SignalingMetrics limitRefusals) {
        this.limits = limits;
        this.limitRefusals = limitRefusals;
        this.transport = transport;
        this.meetings = meetings;
        this.access = access;
        this.media = media;
        this.metrics = metrics;
        this.maxCalls = maxCalls;
    }

    /**
     * A token that admits no one (invalid, expired, revoked, another meeting's) is refused before any
     * transaction exists: one 403, never retransmitted, since whoever sent the INVITE may have forged
     * its source address. Everything else is decided in {@link #invite}.
     */
    @Override
    public SipResponse screen(SipRequest invite) {
        SipUri uri = SipUri.parse(invite.requestUri());
        if (uri == null) {
            return null; // 416 from invite()
        }
        try {
            access.admit(uri.user(), null);
            return null;
        } catch (TokenException e) {
            return refuse(invite, 403, SipTags.stateless(), "token " + e.failure().name().toLowerCase(Locale.ROOT)
                    + ": " + e.getMessage());
        }
    }

    @Override
    public void invite(InviteServerTransaction transaction) {
        SipRequest request = transaction.request();
        if (request.toTag() != null) {
            // RFC 3261 §14.2: a re-INVITE; refusing it leaves the session as it was.
            transaction.respond(calls.containsKey(DialogId.ofRequest(request))
                    ? SipResponses.withWarning(request, 488, null, WARN_MISC, "re-INVITE is not supported")
                    : SipResponses.create(request, 481, null));
            return;
        }
        String localTag = SipTags.next();
        SipResponse refusal;
        try {
            refusal = accept(transaction, localTag);
        } catch (RuntimeException e) {
            refusal = SipResponses.withWarning(request, 500, localTag, WARN_MISC,
                    InternalErrors.report(LOG, "Setting up the SIP call " + request.callId(), e));
        }
        if (refusal != null) {
            transaction.respond(refusal);
        }
        metrics.callSetup(refusal == null ? 200 : refusal.status());
    }

    /** Sets the call up and answers 200, returning null; or returns the refusal to send when it cannot be. */
    private SipResponse accept(InviteServerTransaction transaction, String localTag) {
        SipRequest request = transaction.request();
        SipUri uri = SipUri.parse(request.requestUri());
        if (uri == null) {
            return SipResponses.create(request, 416, localTag);
        }
        TokenClaims claims;
        try {
            claims = access.admit(uri.user(), null);
        } catch (TokenException e) {
            return refuse(request, 403, localTag, "token " + e.failure().name().toLowerCase(Locale.ROOT) + ": " + e.getMessage());
        }
        Meeting meeting = meetings.meeting(claims.meetingId());
        if (meeting == null) {
            return refuse(request, 404, localTag, "no meeting \"" + claims.meetingId() + "\"");
        }
        if (meeting.ended()) {
            return refuse(request, 410, localTag, "meeting \"" + meeting.id() + "\" has ended");
        }
        Role role = claims.role();
        if (role == Role.INTERPRETER || role == Role.CAPTIONER) {
            return refuse(request, 403, localTag, "a " + role.wireName() + " cannot dial in by SIP");
        }
        String language = uri.parameter("lang") != null ? uri.parameter("lang") : meeting.floor().language();
        if (!meeting.languages().contains(language)) {
            return refuse(request, 404, localTag, "meeting \"" + meeting.id() + "\" has no language \"" + language + "\"");
        }
        AudioOffer offer;
        try {
            offer = AudioOffer.select(request.body());
        } catch (AudioOffer.OfferException e) {
            return SipResponses.withWarning(request, 488, localTag, WARN_INCOMPATIBLE_MEDIA, e.getMessage());
        }
        if (calls.size() >= maxCalls || media.isEmpty()) {
            SipResponse busy = refuse(request, 503, localTag, media.isEmpty() ? "no media server for calls" : "too many calls");
            busy.headers().add(SipHeaders.RETRY_AFTER, Integer.toString(SipServerTransactions.RETRY_AFTER_SECONDS));
            return busy;
        }
        return join(transaction, localTag, claims, meeting, language, offer);
    }

    private SipResponse join(InviteServerTransaction transaction, String localTag, TokenClaims claims, Meeting meeting,
                             String language, AudioOffer offer) {
        SipRequest request = transaction.request();
        Role role = claims.role();
        SipCall call = new SipCall(new DialogId(request.callId(), localTag, request.fromTag()), transaction, transport,
                access, this, language, role.canPublish());
        String name = claims.name() != null ? claims.name() : DEFAULT_NAME;
        Participant participant;
        try {
            Consumer<Participant> welcome = self -> {
                LiveParticipation statistics = access.joined(self, role, claims, call, Access.SIP);
                FloorState floor = meeting.floor();
                call.joined(self, floor, statistics); // under the meeting's lock: no floor change slips in between
            };
            // An observer's phone listens outside the roster, as an observer's web page does.
            participant = role == Role.OBSERVER
                    ? meeting.joinObserver(name, call, welcome, limits.observersPerMeeting())
                    : meeting.join(name, role, null, call, welcome, limits.participantsPerMeeting());
        } catch (MeetingFullException e) {
            String limit = role == Role.OBSERVER ? SignalingLimits.OBSERVERS_PER_MEETING
                    : SignalingLimits.PARTICIPANTS_PER_MEETING;
            limitRefusals.limitRefused(limit);
            // RFC 3261 §21.4.24: reached, but cannot take another call now.
            return refuse(request, 486, localTag, "limit " + limit + ": " + e.getMessage());
        } catch (InvitationInUseException e) {
            // Thrown by the welcome before anything of the join is done. 486 like a full meeting: the
            // room system may call again once one of the invitation's others has left.
            limitRefusals.limitRefused(e.limit());
            return refuse(request, 486, localTag, "limit " + e.limit() + ": " + e.getMessage());
        }
        if (participant == null) {
            return refuse(request, 410, localTag, "meeting \"" + meeting.id() + "\" has ended");
        }
        participant.setMedia(call);
        calls.put(call.dialog(), call);
        metrics.calls(calls.size());
        CallMedia.Leg leg;
        try {
            leg = media.orElseThrow().open(meeting, participant.id());
            call.setLeg(leg);
            // Media only toward where the INVITE came from (or latched from there): an SDP is no proof of address.
            leg.start(offer.remote(), transaction.sourceAddress(), offer.codec(), language, call.heard()); // the meeting learns of its producer
        } catch (IOException e) {
            call.end(false, LeaveReason.DISCONNECTED);
            return refuse(request, 503, localTag, "cannot open an RTP port: "
                    + InternalErrors.report(LOG, "Opening an RTP port for SIP call " + request.callId(), e));
        } catch (RuntimeException e) {
            call.end(false, LeaveReason.DISCONNECTED); // the participant leaves again; invite() answers 500
            throw e;
        }
        SipResponse ok = SipResponses.create(request, 200, localTag);
        ok.headers().add(SipHeaders.CONTACT, "<sip:" + transport.announcedHostPort() + ">");
        ok.headers().add(SipHeaders.ALLOW, SipResponses.ALLOW);
        ok.headers().add(SipHeaders.CONTENT_TYPE, "application/sdp");
        SipResponse answer = new SipResponse(ok.status(), ok.reason(), ok.headers(),
                offer.answer(leg.address(), leg.port(), ThreadLocalRandom.current().nextLong(1L << 40)));
        transaction.respond(answer);
        LOG.info("SIP call {} joined meeting {} as {} ({}, hears {})", request.callId(), meeting.id(), participant,
                offer.codec(), language);
        return null;
    }

    private static SipResponse refuse(SipRequest request, int status, String localTag, String why) {
        return SipResponses.withWarning(request, status, localTag, WARN_MISC, why);
    }

    @Override
    public void request(NonInviteServerTransaction transaction) {
        SipRequest request = transaction.request();
        switch (request.method()) {
            case SipRequest.OPTIONS -> {
                // RFC 3261 §11.2: what the server could do with an INVITE.
                SipResponse ok = SipResponses.create(request, 200, SipTags.next());
                ok.headers().add(SipHeaders.ALLOW, SipResponses.ALLOW);
                ok.headers().add(SipHeaders.ACCEPT, "application/sdp");
                transaction.respond(ok);
            }
            case SipRequest.BYE -> {
                SipCall call = calls.get(DialogId.ofRequest(request));
                if (call == null) {
                    transaction.respond(SipResponses.create(request, 481, null));
                    return;
                }
                call.end(false, LeaveReason.LEFT); // before the 200: whoever saw it sees the participant gone
                transaction.respond(SipResponses.create(request, 200, null)); // RFC 3261 §15.1.2
            }
            default -> {
                int status = KNOWN_METHODS.contains(request.method()) ? 405 : 501;
                SipResponse refusal = SipResponses.create(request, status, SipTags.next());
                refusal.headers().add(SipHeaders.ALLOW, SipResponses.ALLOW); // RFC 3261 §21.4.6
                transaction.respond(refusal);
            }
        }
    }

    @Override
    public boolean ack(SipRequest ack) {
        SipCall call = calls.get(DialogId.ofRequest(ack));
        if (call == null) {
            return false;
        }
        call.invite().acknowledged();
        return true;
    }

    @Override
    public void cancelled(InviteServerTransaction invite) {
        // INVITEs are answered before invite() returns, so nothing is half set up to undo.
    }

    @Override
    public void ackTimedOut(InviteServerTransaction invite) {
        for (SipCall call : new ArrayList<>(calls.values())) {
            if (call.invite() == invite) {
                LOG.info("SIP call {} never acknowledged its 200: hanging up", call.dialog().callId());
                call.end(true, LeaveReason.DISCONNECTED); // RFC 3261 §13.3.1.4
            }
        }
    }

    /** A response to a request Parley sent (a BYE); false if it matches none. */
    boolean response(SipResponse response) {
        return hangingUp.removeIf(call -> call.dialog().callId().equals(response.callId()) && call.byeAnswered(response));
    }

    /** The call ended; if it sent BYE it waits for the answer (at most 64·T1) in {@link #hangingUp}. */
    void ended(SipCall call, boolean byeSent) {
        calls.remove(call.dialog(), call);
        metrics.calls(calls.size());
        if (byeSent) {
            hangingUp.add(call);
        }
    }

    /** The BYE of {@code call} went unanswered (Timer F). */
    void byeTimedOut(SipCall call) {
        hangingUp.remove(call);
    }

    /** Server shutdown: every room system is sent BYE and leaves its meeting. */
    public void endAll() {
        for (SipCall call : new ArrayList<>(calls.values())) {
            call.end(true, LeaveReason.SERVER_STOP);
        }
    }
}
