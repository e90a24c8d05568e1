package org.parley.signaling.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server transaction (RFC 3261 §17.2): the request, where its responses go, and the last response,
 * sent again when the client retransmits the request. Confined to the SIP event loop.
 */
abstract sealed class ServerTransaction permits InviteServerTransaction, NonInviteServerTransaction {

    /** RFC 3261 §17.1.1.1: the round-trip estimate. */
    static final long T1_MILLIS = 500;
    /** RFC 3261 §17.1.2.2: the longest retransmit interval of non-INVITE requests and INVITE responses. */
    static final long T2_MILLIS = 4000;
    /** RFC 3261 §17.1.2.2: how long a message may live in the network. */
    static final long T4_MILLIS = 5000;
    /** 64*T1: how long a transaction waits for its peer (Timers H, J, L). */
    static final long TIMEOUT_MILLIS = 64 * T1_MILLIS;

    private final String key;
    private final SipRequest request;
    private final InetSocketAddress responseAddress;
    private final SipTransport transport;
    private final SipServerTransactions table;
    private final InetAddress sourceAddress;
    private SipResponse lastResponse;
    private ScheduledFuture<?> terminationTimer;

    ServerTransaction(String key, SipRequest request, InetSocketAddress responseAddress, SipTransport transport,
                      SipServerTransactions table, InetAddress sourceAddress) {
        this.key = key;
        this.sourceAddress = sourceAddress;
        this.request = request;
        this.responseAddress = responseAddress;
        this.transport = transport;
        this.table = table;
    }

    final String key() {
        return key;
    }

    /** The IP address the request came from, whose per-source count the transaction holds. */
    final InetAddress sourceAddress() {
        return sourceAddress;
    }

    final SipRequest request() {
        return request;
    }

    /** Where responses go (RFC 3261 §18.2.2), and where the client's UA can be reached for in-dialog requests. */
    final InetSocketAddress responseAddress() {
        return responseAddress;
    }

    final SipTransport transport() {
        return transport;
    }

    /** Whether a final response has been sent. */
    final boolean answered() {
        return lastResponse != null && !lastResponse.provisional();
    }

    /** Sends {@code response} (provisional or final) and remembers it for retransmissions. */
    void respond(SipResponse response) {
        lastResponse = response;
        transport.send(response, responseAddress);
    }

    /** The client sent the request again: it hears the last response again (RFC 3261 §17.2.1, §17.2.2). */
    final void retransmitted() {
        if (lastResponse != null) {
            transport.send(lastResponse, responseAddress);
        }
    }

    final SipResponse lastResponse() {
        return lastResponse;
    }

    /** Forgets the transaction after {@code millis}; retransmissions until then are absorbed. */
    final void terminateAfter(long millis) {
        cancel(terminationTimer);
        terminationTimer = schedule(this::terminate, millis);
    }

    /** Leaves the table at once and stops every timer. */
    void terminate() {
        cancel(terminationTimer);
        table.remove(this);
    }

    final ScheduledFuture<?> schedule(Runnable task, long millis) {
        return transport.channel().eventLoop().schedule(task, millis, TimeUnit.MILLISECONDS);
    }

    static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
