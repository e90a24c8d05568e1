package org.parley.media.sdp;

/** An SDP that cannot be parsed or answered; the message says what is wrong. */
public class SdpException extends Exception {

    private final int lineNumber;

    public SdpException(String message) {
        super(message);
        this.lineNumber = 0;
    }

    /** A problem on one line of the SDP text; the message reads {@code "line 7: problem"}. */
    public SdpException(int lineNumber, String problem) {
        super("line " + lineNumber + ": " + problem);
        this.lineNumber = lineNumber;
    }

    /** The 1-based line the problem is on, or 0 when it is about the description as a whole. */
    public int lineNumber() {
        return lineNumber;
    }
}
