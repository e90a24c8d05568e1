package org.parley.media.ice;

import io.netty.buffer.ByteBuf;

/**
 * What {@link IceLiteAgent#handle} did with one datagram.
 *
 * <p>If {@link #response()} is not null, ownership of that buffer passes to the caller, who must send it to
 * the request's sender (which releases it) or release it. Outcomes without a response are shared constants, so
 * dropping garbage allocates nothing beyond the decode attempt.
 *
 * @param status       what happened
 * @param response     the Binding response to send back to the sender, or null when the datagram is dropped
 * @param errorCode    the STUN error code of an error response (RFC 5389 §15.6), or 0
 * @param useCandidate whether an {@link Status#ACCEPTED} request carried USE-CANDIDATE (RFC 8445 §7.1.2)
 */
public record BindingOutcome(Status status, ByteBuf response, int errorCode, boolean useCandidate) {

    /** The fate of a datagram handed to the agent. */
    public enum Status {
        /** An authenticated Binding request; {@link #response()} is the success response. */
        ACCEPTED,
        /** A Binding request that was rejected; {@link #response()} is the error response. */
        ERROR_SENT,
        /** Not a well-formed STUN message; nothing to answer. */
        DROPPED_MALFORMED,
        /** A STUN indication or response; a lite agent sends no requests, so none is expected. */
        DROPPED_NOT_A_REQUEST,
        /** A request for a method other than Binding. */
        DROPPED_UNSUPPORTED_METHOD,
        /** FINGERPRINT missing or wrong (RFC 8445 §7 makes it mandatory); dropped silently. */
        DROPPED_BAD_FINGERPRINT
    }

    private static final BindingOutcome MALFORMED = new BindingOutcome(Status.DROPPED_MALFORMED, null, 0, false);
    private static final BindingOutcome NOT_A_REQUEST =
            new BindingOutcome(Status.DROPPED_NOT_A_REQUEST, null, 0, false);
    private static final BindingOutcome UNSUPPORTED_METHOD =
            new BindingOutcome(Status.DROPPED_UNSUPPORTED_METHOD, null, 0, false);
    private static final BindingOutcome BAD_FINGERPRINT =
            new BindingOutcome(Status.DROPPED_BAD_FINGERPRINT, null, 0, false);

    static BindingOutcome accepted(ByteBuf response, boolean useCandidate) {
        return new BindingOutcome(Status.ACCEPTED, response, 0, useCandidate);
    }

    static BindingOutcome error(ByteBuf response, int errorCode) {
        return new BindingOutcome(Status.ERROR_SENT, response, errorCode, false);
    }

    static BindingOutcome dropped(Status status) {
        return switch (status) {
            case DROPPED_MALFORMED -> MALFORMED;
            case DROPPED_NOT_A_REQUEST -> NOT_A_REQUEST;
            case DROPPED_UNSUPPORTED_METHOD -> UNSUPPORTED_METHOD;
            case DROPPED_BAD_FINGERPRINT -> BAD_FINGERPRINT;
            case ACCEPTED, ERROR_SENT -> throw new IllegalArgumentException(status + " is not a drop");
        };
    }

    /** Whether the datagram was dropped without an answer. */
    public boolean dropped() {
        return response == null;
    }
}
