package org.parley.signaling.sip;

/**
 * The transaction user (RFC 3261 §5): what the server's transactions hand requests to. Called on
 * the SIP event loop.
 */
interface TransactionUser {

    /**
     * A new INVITE (no To tag), before any transaction exists: the final response to send once and
     * statelessly (RFC 3261 §8.2.6) if it can be refused on its face, e.g. for a token that admits no
     * one, or null to go on. The response's To tag must come from {@link SipTags#stateless()}.
     */
    SipResponse screen(SipRequest invite);

    /** A new INVITE; 100 Trying is already sent. Answer through {@code transaction}. */
    void invite(InviteServerTransaction transaction);

    /** A new non-INVITE request other than ACK and CANCEL. Answer through {@code transaction}. */
    void request(NonInviteServerTransaction transaction);

    /** An ACK outside any transaction: the ACK of a 2xx (RFC 3261 §13.3.1.4); false if it matches no dialog. */
    boolean ack(SipRequest ack);

    /** The INVITE was cancelled before it was answered; 487 is about to be sent (RFC 3261 §9.2). */
    void cancelled(InviteServerTransaction invite);

    /** The 2xx of {@code invite} was never acknowledged (RFC 3261 §13.3.1.4). */
    void ackTimedOut(InviteServerTransaction invite);
}
