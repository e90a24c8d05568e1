package org.parley.media.transport;

import org.parley.media.sdp.SdpException;

/**
 * The media event loop did not take an offer's changes in time (it is overloaded): the offer was
 * withdrawn and nothing of it applied, so the peer may send the same offer again. Not a fault of the
 * offer, unlike the other {@link SdpException}s.
 */
public final class MediaBusyException extends SdpException {

    MediaBusyException(long waitedMillis) {
        super("the media event loop did not take the offer within " + waitedMillis
                + " ms (overloaded); nothing was applied, send it again");
    }
}
