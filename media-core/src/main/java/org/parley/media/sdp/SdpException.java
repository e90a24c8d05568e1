package org.parley.media.sdp;

/** An SDP that cannot be parsed or answered; the message says what is wrong. */
public class SdpException extends Exception {
    public SdpException(String message) {
        super(message);
    }
}
