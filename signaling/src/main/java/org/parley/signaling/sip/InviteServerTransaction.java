package org.parley.signaling.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;

/**
 * An INVITE server transaction over UDP (RFC 3261 §17.2.1, with RFC 6026's Accepted state). The
 * final response is retransmitted at T1, 2·T1, … capped at T2 (Timer G; for a 2xx, RFC 3261
 * §13.3.1.4) until the ACK comes; without one after 64·T1 (Timer H, or Timer L for a 2xx)
 * the transaction user hears of it for a 2xx (the call ends) and the transaction is forgotten.
 */
final class InviteServerTransaction extends ServerTransaction {

    private final TransactionUser user;
    private ScheduledFuture<?> retransmitTimer;
    private ScheduledFuture<?> timeoutTimer;
    private long interval = T1_MILLIS;
    private boolean acknowledged;

    /** @param user told if a 2xx is never acknowledged */
    InviteServerTransaction(String key, SipRequest request, InetSocketAddress responseAddress, SipTransport transport,
                            SipServerTransactions table, InetAddress sourceAddress, TransactionUser user) {
        super(key, request, responseAddress, transport, table, sourceAddress);
        this.user = user;
    }

    @Override
    void respond(SipResponse response) {
        if (answered()) {
            return; // RFC 3261 §9.2: a CANCEL racing with the final response loses
        }
        super.respond(response);
        if (!response.provisional()) {
            retransmitTimer = schedule(this::retransmitFinal, interval);
            timeoutTimer = schedule(this::timedOut, TIMEOUT_MILLIS);
        }
    }

    /** Timer G. */
    private void retransmitFinal() {
        retransmitted();
        interval = Math.min(interval * 2, T2_MILLIS);
        retransmitTimer = schedule(this::retransmitFinal, interval);
    }

    /** Timer H (non-2xx) or L (2xx). */
    private void timedOut() {
        cancel(retransmitTimer);
        terminate();
        if (lastResponse().status() < 300) {
            user.ackTimedOut(this);
        }
    }

    /**
     * The ACK came: for a non-2xx in this transaction, for a 2xx in the dialog (RFC 3261 §17.1.1.3).
     * Further ACKs (retransmitted ones) are absorbed for T4 (Timer I).
     */
    void acknowledged() {
        if (acknowledged || !answered()) {
            return;
        }
        acknowledged = true;
        cancel(retransmitTimer);
        cancel(timeoutTimer);
        terminateAfter(T4_MILLIS);
    }

    @Override
    void terminate() {
        cancel(retransmitTimer);
        cancel(timeoutTimer);
        super.terminate();
    }
}
