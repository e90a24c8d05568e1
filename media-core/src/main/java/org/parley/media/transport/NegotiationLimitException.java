package org.parley.media.transport;

import org.parley.media.sdp.SdpException;

/** An offer refused because it would take the transport past one of its {@link NegotiationLimits}; nothing was applied. */
public final class NegotiationLimitException extends SdpException {

    private final NegotiationLimits.Limit limit;

    public NegotiationLimitException(NegotiationLimits.Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    public NegotiationLimits.Limit limit() {
        return limit;
    }
}
