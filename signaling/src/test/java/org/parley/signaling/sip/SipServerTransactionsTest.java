package org.parley.signaling.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.signaling.metrics.SignalingMetrics;

/**
 * The transaction layer on an {@link EmbeddedChannel} with frozen time: retransmissions are driven
 * by advancing the clock, so RFC 3261's timers are checked exactly, without waiting.
 */
class SipServerTransactionsTest {

    private static final InetSocketAddress ROOM = new InetSocketAddress("127.0.0.1", 5062);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final SimpleMeterRegistry sipRegistry = new SimpleMeterRegistry();
    private final SipMetrics metrics = new SipMetrics(sipRegistry);
    private final SimpleMeterRegistry limitRegistry = new SimpleMeterRegistry();
    private final SignalingMetrics limitRefusals = new SignalingMetrics(limitRegistry, () -> 0, () -> 0);
    private final RecordingUser user = new RecordingUser();
    private SipServerTransactions transactions = transactions(16, 16);

    private SipServerTransactions transactions(int max, int perSource) {
        channel.freezeTime();
        SipServerTransactions created = new SipServerTransactions(new SipTransport(channel, metrics, "127.0.0.1"), metrics,
                max, perSource, limitRefusals);
        created.setUser(user);
        return created;
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private static SipRequest request(String method, String branch, String toTag, String cseqMethod) throws Exception {
        String text = method + " sip:token@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:room@127.0.0.1>;tag=r1\r\n"
                + "To: <sip:token@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: call-1\r\n"
                + "CSeq: 1 " + cseqMethod + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        var buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try {
            return (SipRequest) SipParser.parse(buf);
        } finally {
            buf.release();
        }
    }

    private void receive(SipRequest request) {
        transactions.received(request, ROOM);
    }

    /** The responses sent since the last call, whole, after checking they went to {@code recipient}. */
    private List<SipResponse> sentTo(InetSocketAddress recipient) throws Exception {
        List<SipResponse> responses = new ArrayList<>();
        DatagramPacket packet;
        while ((packet = channel.readOutbound()) != null) {
            try {
                assertEquals(recipient, packet.recipient());
                responses.add((SipResponse) SipParser.parse(packet.content()));
            } finally {
                packet.release();
            }
        }
        return responses;
    }

    /** The responses sent since the last call, as status codes; checks they went to the room's rport. */
    private List<Integer> sent() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        DatagramPacket packet;
        while ((packet = channel.readOutbound()) != null) {
            try {
                assertEquals(ROOM, packet.recipient());
                statuses.add(((SipResponse) SipParser.parse(packet.content())).status());
            } finally {
                packet.release();
            }
        }
        return statuses;
    }

    private void advance(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void inviteGetsTryingAtOnceAndItsRetransmissionsAreAbsorbed() throws Exception {
        receive(request("INVITE", "z9hG4bKa", null, "INVITE"));
        receive(request("INVITE", "z9hG4bKa", null, "INVITE"));

        assertEquals(List.of(100, 100), sent(), "the retransmission hears the last response again");
        assertEquals(1, user.invites.size(), "the transaction user sees the INVITE once");
    }

    @Test
    void aTwoHundredIsRetransmittedWithDoublingIntervalsUntilTheAck() throws Exception {
        receive(request("INVITE", "z9hG4bKa", null, "INVITE"));
        InviteServerTransaction invite = user.invites.getFirst();
        invite.respond(SipResponses.create(invite.request(), 200, "l1"));
        assertEquals(List.of(100, 200), sent());

        List<Integer> afterEachStep = new ArrayList<>();
        for (long step : new long[] {499, 1, 999, 1, 2000, 4000, 4000}) {
            advance(step);
            afterEachStep.add(sent().size());
        }
        // T1 = 500 ms, then 1 s, 2 s, capped at T2 = 4 s (RFC 3261 §13.3.1.4, §17.2.1).
        assertEquals(List.of(0, 1, 0, 1, 1, 1, 1), afterEachStep);

        invite.acknowledged();
        advance(8000);
        assertEquals(List.of(), sent(), "no retransmission after the ACK");
        assertTrue(user.ackTimeouts.isEmpty());
    }

    @Test
    void anUnacknowledgedTwoHundredTimesOutAfter64T1() throws Exception {
        receive(request("INVITE", "z9hG4bKa", null, "INVITE"));
        InviteServerTransaction invite = user.invites.getFirst();
        invite.respond(SipResponses.create(invite.request(), 200, "l1"));

        advance(31_999);
        assertTrue(user.ackTimeouts.isEmpty());
        advance(1);

        assertEquals(List.of(invite), user.ackTimeouts);
        assertEquals(0, transactions.size());
    }

    @Test
    void cancelOfAnUnansweredInviteGets200AndTheInvite487() throws Exception {
        receive(request("INVITE", "z9hG4bKa", null, "INVITE"));
        receive(request("CANCEL", "z9hG4bKa", null, "CANCEL"));

        assertEquals(List.of(100, 200, 487), sent());
        assertEquals(1, user.cancelled.size());

        // The ACK of the 487 has the INVITE's branch (RFC 3261 §17.1.1.3): retransmissions stop.
        receive(request("ACK", "z9hG4bKa", "l1", "ACK"));
        advance(32_000);
        assertEquals(List.of(), sent());
        assertTrue(user.acks.isEmpty(), "absorbed by the transaction");
    }

    @Test
    void cancelAfterTheFinalResponseChangesNothing() throws Exception {
        receive(request("INVITE", "z9hG4bKa", null, "INVITE"));
        InviteServerTransaction invite = user.invites.getFirst();
        invite.respond(SipResponses.create(invite.request(), 200, "l1"));
        sent();

        receive(request("CANCEL", "z9hG4bKa", null, "CANCEL"));

        assertEquals(List.of(200), sent(), "200 to the CANCEL, nothing to the INVITE (RFC 3261 §9.2)");
        assertTrue(user.cancelled.isEmpty());
    }

    @Test
    void cancelOfNothingIs481() throws Exception {
        receive(request("CANCEL", "z9hG4bKz", null, "CANCEL"));

        assertEquals(List.of(481), sent());
    }

    @Test
    void aNonInviteAnswerIsRepeatedForRetransmissionsUntilTimerJ() throws Exception {
        receive(request("OPTIONS", "z9hG4bKo", null, "OPTIONS"));
        user.requests.getFirst().respond(SipResponses.create(user.requests.getFirst().request(), 200, "x"));
        receive(request("OPTIONS", "z9hG4bKo", null, "OPTIONS"));

        assertEquals(List.of(200, 200), sent());
        assertEquals(1, user.requests.size());

        advance(32_000);
        assertEquals(0, transactions.size(), "forgotten after 64*T1");
    }

    @Test
    void aTwoHundredAckGoesToTheTransactionUser() throws Exception {
        receive(request("ACK", "z9hG4bKnew", "l1", "ACK"));

        assertEquals(1, user.acks.size());
        assertEquals(List.of(), sent(), "an ACK is never answered");
    }

    @Test
    void beyondTheCapRequestsGet503WithRetryAfter() throws Exception {
        transactions = transactions(2, 16);
        receive(request("OPTIONS", "z9hG4bK1", null, "OPTIONS"));
        receive(request("OPTIONS", "z9hG4bK2", null, "OPTIONS"));
        receive(request("OPTIONS", "z9hG4bK3", null, "OPTIONS"));

        DatagramPacket packet = channel.readOutbound();
        try {
            SipResponse busy = (SipResponse) SipParser.parse(packet.content());
            assertEquals(503, busy.status());
            assertEquals(Integer.toString(SipServerTransactions.RETRY_AFTER_SECONDS), busy.headers().first("Retry-After"));
        } finally {
            packet.release();
        }
        assertNull(channel.readOutbound());
        assertEquals(2, user.requests.size());
    }

    @Test
    void oneSourceCannotOpenMoreThanItsShareOfTransactionsAndIsCounted() throws Exception {
        transactions = transactions(16, 2);
        receive(request("OPTIONS", "z9hG4bK1", null, "OPTIONS"));
        receive(request("INVITE", "z9hG4bK2", null, "INVITE"));
        receive(request("OPTIONS", "z9hG4bK3", null, "OPTIONS"));
        receive(request("INVITE", "z9hG4bK4", null, "INVITE"));

        List<SipResponse> responses = sentTo(ROOM);
        assertEquals(List.of(100, 503, 503), responses.stream().map(SipResponse::status).toList());
        SipResponse busy = responses.get(1);
        assertEquals(Integer.toString(SipServerTransactions.RETRY_AFTER_SECONDS), busy.headers().first("Retry-After"));
        assertTrue(busy.headers().first("Warning").contains("limit sipTransactionsPerSource: 2 open transactions"),
                busy.headers().first("Warning"));
        assertTrue(SipTags.isStateless(busy.toTag()), "the ACK of a stateless response is recognised by its tag");
        assertEquals(2, transactions.size(), "nothing kept of the refused requests");
        assertEquals(2.0, limitRegistry.get("parley.limit.refusals").tag("limit", "sipTransactionsPerSource")
                .counter().count());

        // Another address has its own share; the first gets one back once a transaction ends.
        InetSocketAddress other = new InetSocketAddress("127.0.0.2", 5062);
        transactions.received(request("OPTIONS", "z9hG4bK5", null, "OPTIONS"), other);
        assertEquals(2, user.requests.size());
        user.requests.getFirst().respond(SipResponses.create(user.requests.getFirst().request(), 200, "x"));
        sentTo(ROOM);
        advance(32_000); // Timer J
        receive(request("OPTIONS", "z9hG4bK6", null, "OPTIONS"));
        assertEquals(3, user.requests.size(), "admitted again after Timer J freed a slot");
    }

    @Test
    void aScreenedInviteGetsOneFinalResponseNeverRetransmittedAndItsAckIsAbsorbed() throws Exception {
        user.refusal = invite -> SipResponses.withWarning(invite, 403, SipTags.stateless(), SipResponses.WARN_MISC,
                "token invalid");
        receive(request("INVITE", "z9hG4bKbad", null, "INVITE"));

        List<SipResponse> responses = sentTo(ROOM);
        assertEquals(List.of(403), responses.stream().map(SipResponse::status).toList(), "no 100 Trying either");
        assertEquals(0, transactions.size(), "no transaction");
        assertTrue(user.invites.isEmpty());
        advance(64_000);
        assertEquals(List.of(), sent(), "no Timer G retransmission, ever");

        String toTag = responses.getFirst().toTag();
        receive(request("ACK", "z9hG4bKbad", toTag, "ACK"));
        assertEquals(List.of(), sent(), "an ACK is never answered");
        assertTrue(user.acks.isEmpty(), "absorbed, not handed to the dialogs");
        assertEquals(1.0, sipRegistry.get("parley.sip.stateless.rejects").counter().count());
        assertEquals(1.0, sipRegistry.get("parley.sip.stateless.acks").counter().count());
        assertEquals(0.0, sipRegistry.get("parley.sip.dropped").tag("reason", "stray_ack").counter().count());
    }

    /** A transaction user that answers nothing by itself and records what it is given. */
    private static final class RecordingUser implements TransactionUser {
        java.util.function.Function<SipRequest, SipResponse> refusal = invite -> null;
        final List<InviteServerTransaction> invites = new ArrayList<>();
        final List<NonInviteServerTransaction> requests = new ArrayList<>();
        final List<SipRequest> acks = new ArrayList<>();
        final List<InviteServerTransaction> cancelled = new ArrayList<>();
        final List<InviteServerTransaction> ackTimeouts = new ArrayList<>();

        @Override
        public SipResponse screen(SipRequest invite) {
            return refusal.apply(invite);
        }

        @Override
        public void invite(InviteServerTransaction transaction) {
            invites.add(transaction);
        }

        @Override
        public void request(NonInviteServerTransaction transaction) {
            requests.add(transaction);
        }

        @Override
        public boolean ack(SipRequest ack) {
            acks.add(ack);
            return true;
        }

        @Override
        public void cancelled(InviteServerTransaction invite) {
            cancelled.add(invite);
        }

        @Override
        public void ackTimedOut(InviteServerTransaction invite) {
            ackTimeouts.add(invite);
        }
    }
}
