package org.parley.signaling.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.metrics.SignalingMetrics;

/**
 * The server transaction layer (RFC 3261 §17.2): matches requests to transactions (§17.2.3),
 * absorbs retransmissions, answers CANCEL, and hands new requests to the {@link TransactionUser}.
 * The number of transactions is capped, overall and per source IP address ({@code
 * limits.sipTransactionsPerSource}, so that one sender cannot take every slot); beyond either, requests
 * get 503 with Retry-After statelessly (RFC 3261 §8.2.6, §21.5.4). An INVITE whose token the
 * {@link TransactionUser#screen screen} refuses gets its final response statelessly too, sent once and
 * never retransmitted (RFC 3261 §8.2.6), so that a spoofed source cannot make Parley send ten
 * 403s (Timer G) to a victim; its ACK is absorbed ({@link SipTags#isStateless}). Confined to the SIP event loop.
 */
final class SipServerTransactions {

    /** Seconds an overloaded server asks clients to wait (RFC 3261 §21.5.4). */
    static final int RETRY_AFTER_SECONDS = 5;

    private final SipTransport transport;
    private final SipMetrics metrics;
    private final int maxTransactions;
    private final int maxPerSource;
    /** Where refusals by {@code limits.sipTransactionsPerSource} are counted, with the other limits'. */
    private final SignalingMetrics limitRefusals;
    private final Map<String, ServerTransaction> transactions = new HashMap<>();
    /** Open transactions by the request's source address (not the Via's, which the sender writes). */
    private final Map<InetAddress, Integer> perSource = new HashMap<>();
    private TransactionUser user;

    SipServerTransactions(SipTransport transport, SipMetrics metrics, int maxTransactions, int maxPerSource,
                          SignalingMetrics limitRefusals) {
        this.transport = transport;
        this.metrics = metrics;
        this.maxTransactions = maxTransactions;
        this.maxPerSource = maxPerSource;
        this.limitRefusals = limitRefusals;
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
            overloaded(request, responseAddress, "too many transactions");
            return;
        }
        InetAddress sourceAddress = source.getAddress();
        if (perSource.getOrDefault(sourceAddress, 0) >= maxPerSource) {
            limitRefusals.limitRefused(SignalingLimits.SIP_TRANSACTIONS_PER_SOURCE);
            overloaded(request, responseAddress, "limit " + SignalingLimits.SIP_TRANSACTIONS_PER_SOURCE + ": "
                    + maxPerSource + " open transactions from " + sourceAddress.getHostAddress());
            return;
        }
        switch (method) {
            case SipRequest.INVITE -> {
                SipResponse refusal = request.toTag() == null ? user.screen(request) : null;
                if (refusal != null) {
                    metrics.statelessReject();
                    transport.send(refusal, responseAddress);
                    return;
                }
                InviteServerTransaction invite = new InviteServerTransaction(key, request, responseAddress, transport,
                        this, sourceAddress, user);
                put(key, invite, sourceAddress);
                // RFC 3261 §17.2.1: 100 Trying at once stops the client's INVITE retransmissions.
                invite.respond(SipResponses.create(request, 100, null));
                user.invite(invite);
            }
            case SipRequest.CANCEL -> {
                NonInviteServerTransaction cancel = newNonInvite(key, request, responseAddress, sourceAddress);
                cancel(cancel, (InviteServerTransaction) transactions.get(key(request, via, SipRequest.INVITE)));
            }
            default -> user.request(newNonInvite(key, request, responseAddress, sourceAddress));
        }
    }

    /** 503 with Retry-After, sent statelessly: nothing is kept of the request (RFC 3261 §21.5.4). */
    private void overloaded(SipRequest request, InetSocketAddress responseAddress, String why) {
        SipResponse busy = SipResponses.withWarning(request, 503, SipTags.stateless(), SipResponses.WARN_MISC, why);
        busy.headers().add(SipHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        transport.send(busy, responseAddress);
    }

    private NonInviteServerTransaction newNonInvite(String key, SipRequest request, InetSocketAddress responseAddress,
                                                    InetAddress sourceAddress) {
        NonInviteServerTransaction transaction = new NonInviteServerTransaction(key, request, responseAddress, transport,
                this, sourceAddress);
        put(key, transaction, sourceAddress);
        return transaction;
    }

    private void put(String key, ServerTransaction transaction, InetAddress sourceAddress) {
        transactions.put(key, transaction);
        perSource.merge(sourceAddress, 1, Integer::sum);
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
        } else if (SipTags.isStateless(ack.toTag())) {
            metrics.statelessAckAbsorbed(); // RFC 3261 §17.2.3: the ACK of a response sent without a transaction
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
        if (transactions.remove(transaction.key(), transaction)) {
            perSource.computeIfPresent(transaction.sourceAddress(), (address, count) -> count > 1 ? count - 1 : null);
        }
    }

    int size() {
        return transactions.size();
    }
}
