package org.parley.signaling.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A non-INVITE server transaction over UDP (RFC 3261 §17.2.2): once answered it stays for Timer J
 * (64*T1) to absorb retransmitted requests, answering each with the final response again.
 */
final class NonInviteServerTransaction extends ServerTransaction {

    NonInviteServerTransaction(String key, SipRequest request, InetSocketAddress responseAddress,
                               SipTransport transport, SipServerTransactions table, InetAddress sourceAddress) {
        super(key, request, responseAddress, transport, table, sourceAddress);
    }

    @Override
    void respond(SipResponse response) {
        super.respond(response);
        if (!response.provisional()) {
            terminateAfter(TIMEOUT_MILLIS); // Timer J
        }
    }
}
