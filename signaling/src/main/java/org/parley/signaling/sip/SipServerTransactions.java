package org.parley.signaling.sip;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The server transaction layer (RFC 3261 §17.2): matches requests to transactions (§17.2.3),
 * absorbs retransmissions, answers CANCEL, and hands new requests to the {@link TransactionUser}.
 * The number of transactions is capped; beyond it requests get 503 with Retry-After statelessly.
 * Confined to the SIP event loop.
 */
final class SipServerTransactions {

    /** Seconds an overloaded server asks clients to wait (RFC 3261 §21.5.4). */
    static final int RETRY_AFTER_SECONDS = 5;

    private final SipTransport transport;
    private final SipMetrics metrics;
    private final int maxTransactions;
    private final Map<String, ServerTransaction> transactions = new HashMap<>();
    private TransactionUser user;

    SipServerTransactions(SipTransport transport, SipMetrics metrics, int maxTransactions) {
        this.transport = transport;
        this.metrics = metrics;
        this.maxTransactions = maxTransactions;
    }

    void setUser(TransactionUser user) {
        this.user = user;
    }

    /** A well-formed request from {@code source}. */
    void received(SipRequest request, InetSocketAddress source) {
        SipVia via = request.topVia();
        request.headers().replaceFirst(SipHeaders.VIA, SipTransport.stampVia(request.headers().first(SipHeaders.VIA), via, source));
        String method = request.method();
        if (method.equals(SipRequest.ACK)) {
            ack(request, via);
            return;
        }
        String key = key(request, via, method);
        ServerTransaction existing = transactions.get(key);
        if (existing != null) {
            existing.retransmitted();
            return;
        }
        InetSocketAddress responseAddress = SipTransport.responseAddress(via, source);
        if (transactions.size() >= maxTransactions) {
            SipResponse busy = SipResponses.create(request, 503, null);
            busy.headers().add(SipHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
            transport.send(busy, responseAddress);
            return;
        }
        switch (method) {
            case SipRequest.INVITE -> {
                InviteServerTransaction invite = new InviteServerTransaction(key, request, responseAddress, transport,
                        this, user);
                transactions.put(key, invite);
                // RFC 3261 §17.2.1: 100 Trying at once stops the client's INVITE retransmissions.
                invite.respond(SipResponses.create(request, 100, null));
                user.invite(invite);
            }
            case SipRequest.CANCEL -> {
                NonInviteServerTransaction cancel = newNonInvite(key, request, responseAddress);
                cancel(cancel, (InviteServerTransaction) transactions.get(key(request, via, SipRequest.INVITE)));
            }
            default -> user.request(newNonInvite(key, request, responseAddress));
        }
    }

    private NonInviteServerTransaction newNonInvite(String key, SipRequest request, InetSocketAddress responseAddress) {
        NonInviteServerTransaction transaction = new NonInviteServerTransaction(key, request, responseAddress, transport, this);
        transactions.put(key, transaction);
        return transaction;
    }

    /** RFC 3261 §9.2: 200 to the CANCEL, and 487 to the INVITE if it is still unanswered. */
    private void cancel(NonInviteServerTransaction cancel, InviteServerTransaction invite) {
        if (invite == null) {
            cancel.respond(SipResponses.create(cancel.request(), 481, null));
            return;
        }
        cancel.respond(SipResponses.create(cancel.request(), 200, null));
        if (!invite.answered()) {
            user.cancelled(invite);
            invite.respond(SipResponses.create(invite.request(), 487, SipTags.next()));
        }
    }

    /** An ACK: for a non-2xx it is in the INVITE's transaction, for a 2xx in the dialog (RFC 3261 §17.2.3). */
    private void ack(SipRequest ack, SipVia via) {
        ServerTransaction invite = transactions.get(key(ack, via, SipRequest.INVITE));
        if (invite instanceof InviteServerTransaction transaction && transaction.lastResponse().status() >= 300) {
            transaction.acknowledged();
        } else if (!user.ack(ack)) {
            metrics.dropped(SipDropReason.STRAY_ACK);
        }
    }

    /**
     * RFC 3261 §17.2.3: the branch with the sent-by and the method (ACK and CANCEL match their
     * INVITE by branch). For pre-RFC 3261 clients (no magic cookie), §17.2.3's older rules are
     * approximated by Call-ID, From tag and CSeq number.
     */
    private static String key(SipRequest request, SipVia via, String method) {
        if (via.rfc3261Branch()) {
            return via.branch() + '|' + via.sentBy() + '|' + method;
        }
        CSeq cseq = request.cseq();
        return request.callId() + '|' + request.fromTag() + '|' + cseq.number() + '|' + via.sentBy() + '|' + method;
    }

    void remove(ServerTransaction transaction) {
        transactions.remove(transaction.key(), transaction);
    }

    int size() {
        return transactions.size();
    }
}
