package org.parley.media.transport;

import java.util.List;
import org.parley.media.sdp.SdpException;

/**
 * An offer from a peer that may only receive would have created producers: the whole offer is
 * refused and nothing of it applied ({@link WebRtcTransport#negotiate(String, boolean)}).
 */
public final class PublishRefusedException extends SdpException {

    private final List<String> sendingMids;

    PublishRefusedException(List<String> sendingMids) {
        super("the offer sends on mid " + String.join(", ", sendingMids)
                + " but this peer may only receive: every m-line must be recvonly or inactive");
        this.sendingMids = List.copyOf(sendingMids);
    }

    /** The mids the answer would have accepted as sending. */
    public List<String> sendingMids() {
        return sendingMids;
    }
}
