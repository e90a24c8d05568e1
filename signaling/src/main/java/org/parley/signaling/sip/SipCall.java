package org.parley.signaling.sip;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;
import org.parley.signaling.auth.TokenFailure;
import org.parley.signaling.meeting.FloorState;
import org.parley.signaling.meeting.Listening;
import org.parley.signaling.meeting.MediaRoute;
import org.parley.signaling.meeting.MeetingEvents;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.meeting.ParticipantMedia;
import org.parley.signaling.provisioning.InvitationHolders;
import org.parley.signaling.provisioning.MeetingAccess;
import org.parley.signaling.statistics.LeaveReason;
import org.parley.signaling.statistics.LiveParticipation;

/**
 * One room system in a meeting by SIP: the dialog, the participant it joined as, and its audio leg.
 * Meeting events arrive on any thread with the meeting locked and are moved to the SIP event loop,
 * where all of the call's state lives. The voice is gated like a delegate's microphone
 * ({@link FloorState#heard}); a room system cannot raise its hand by SIP, but chairs see it in the
 * roster and may give it the floor.
 */
final class SipCall implements MeetingEvents, ParticipantMedia, InvitationHolders.Holder {

    /** RFC 3261 §8.1.1.6. */
    private static final int MAX_FORWARDS = 70;

    private final DialogId dialog;
    private final InviteServerTransaction invite;
    private final SipTransport transport;
    private final EventLoop loop;
    private final MeetingAccess access;
    private final SipCalls calls;
    private final String language;
    private final boolean mayBeHeard;
    private final long startNanos = System.nanoTime();
    private Participant participant;
    /** Set on the SIP event loop; read by rosters on theirs. */
    private volatile CallMedia.Leg leg;
    private boolean heard;
    private boolean ended;
    private long localSequence = 1;
    private ScheduledFuture<?> byeRetransmission;

    SipCall(DialogId dialog, InviteServerTransaction invite, SipTransport transport, MeetingAccess access,
            SipCalls calls, String language, boolean mayBeHeard) {
        this.dialog = dialog;
        this.invite = invite;
        this.transport = transport;
        this.loop = transport.channel().eventLoop();
        this.access = access;
        this.calls = calls;
        this.language = language;
        this.mayBeHeard = mayBeHeard;
    }

    DialogId dialog() {
        return dialog;
    }

    InviteServerTransaction invite() {
        return invite;
    }

    Participant participant() {
        return participant;
    }

    /**
     * Called from the meeting's welcome (the meeting locked): the floor as the participant joins it, and
     * the statistics of its stay, which count the call's language channel from now on.
     */
    void joined(Participant self, FloorState floor, LiveParticipation statistics) {
        participant = self;
        heard = mayBeHeard && floor.heard(self);
        statistics.listen("audio", language);
    }

    boolean heard() {
        return heard;
    }

    void setLeg(CallMedia.Leg leg) {
        this.leg = leg;
    }

    /**
     * Ends the call once: sends BYE if {@code sendBye} (the server hangs up), leaves the meeting,
     * logs the leave with {@code reason} and closes the audio.
     */
    void end(boolean sendBye, LeaveReason reason) {
        if (ended) {
            return;
        }
        ended = true;
        if (participant != null) {
            participant.meeting().leave(participant);
            access.left(participant, Map.of(language, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)),
                    reason);
        }
        if (leg != null) {
            leg.close();
        }
        calls.ended(this, sendBye);
        if (sendBye) {
            sendBye(ServerTransaction.T1_MILLIS); // last: whoever gets it finds the call gone
        }
    }

    /**
     * A BYE in the dialog (RFC 3261 §15.1.1): From is the INVITE's To with our tag, To is its From,
     * sent where the INVITE came from; retransmitted like a non-INVITE request (Timer E, §17.1.2.2)
     * until {@link #byeAnswered} or 64·T1.
     */
    private void sendBye(long interval) {
        SipRequest request = invite.request();
        SipHeaders headers = new SipHeaders();
        headers.add(SipHeaders.VIA, "SIP/2.0/UDP " + transport.announcedHostPort() + ";branch=" + SipTags.branch() + ";rport");
        headers.add(SipHeaders.MAX_FORWARDS, Integer.toString(MAX_FORWARDS));
        headers.add(SipHeaders.FROM, invite.lastResponse().headers().first(SipHeaders.TO));
        headers.add(SipHeaders.TO, request.headers().first(SipHeaders.FROM));
        headers.add(SipHeaders.CALL_ID, dialog.callId());
        headers.add(SipHeaders.CSEQ, localSequence + " " + SipRequest.BYE);
        headers.add(SipHeaders.USER_AGENT, SipResponses.SERVER);
        String contact = NameAddress.uri(request.headers().first(SipHeaders.CONTACT));
        SipRequest bye = new SipRequest(SipRequest.BYE, contact != null ? contact : "sip:" + SipTransport.hostPort(invite.responseAddress()),
                headers, "");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ServerTransaction.TIMEOUT_MILLIS);
        retransmitBye(bye, interval, deadline);
    }

    private void retransmitBye(SipRequest bye, long interval, long deadlineNanos) {
        if (System.nanoTime() - deadlineNanos > 0) {
            byeRetransmission = null;
            calls.byeTimedOut(this); // Timer F: the room system is gone
            return;
        }
        transport.send(bye, invite.responseAddress());
        long next = Math.min(interval * 2, ServerTransaction.T2_MILLIS);
        byeRetransmission = loop.schedule(() -> retransmitBye(bye, next, deadlineNanos), interval, TimeUnit.MILLISECONDS);
    }

    /** A response to our BYE came: no more retransmissions. */
    boolean byeAnswered(SipResponse response) {
        CSeq cseq = response.cseq();
        if (byeRetransmission == null || !SipRequest.BYE.equals(cseq.method()) || cseq.number() != localSequence) {
            return false;
        }
        byeRetransmission.cancel(false);
        byeRetransmission = null;
        return true;
    }

    /** Floor gating: with the meeting locked, on whichever thread changed the floor. */
    @Override
    public void floorChanged(FloorState floor) {
        boolean nowHeard = mayBeHeard && participant != null && floor.heard(participant);
        loop.execute(() -> {
            if (!ended && heard != nowHeard) {
                heard = nowHeard;
                if (leg != null) {
                    leg.setHeard(nowHeard);
                }
            }
        });
    }

    /** The invitation the call came in with was revoked or expired: the room system is sent BYE. */
    @Override
    public void invitationEnded(TokenFailure why, String message) {
        loop.execute(() -> end(true, LeaveReason.of(why)));
    }

    /** The meeting ended (its {@code meetingEnded} path): the room system is sent BYE. */
    @Override
    public void meetingEnded() {
        loop.execute(() -> end(true, LeaveReason.ENDED));
    }

    /** For the roster: the room system listens to its language's mixed channel. */
    @Override
    public Listening listening() {
        return new Listening(language, "mixed", "standard");
    }

    /** The RTCP figures of the call's RTP, both ways. */
    @Override
    public TransportQuality quality() {
        CallMedia.Leg current = leg;
        return current == null ? TransportQuality.UNKNOWN : current.quality();
    }

    /** The estimated speech quality of the call's RTP, both ways. */
    @Override
    public QualityScore score() {
        CallMedia.Leg current = leg;
        return current == null ? QualityScore.UNKNOWN : current.score();
    }

    @Override
    public MediaRoute route() {
        return new MediaRoute(MediaRoute.Kind.SIP, invite.responseAddress());
    }

    @Override
    public boolean closeTransport(String reason) {
        return false; // no ICE transport to restart: chairs remove a room system by ending its call
    }
}
