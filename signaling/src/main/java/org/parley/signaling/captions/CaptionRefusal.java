package org.parley.signaling.captions;

/** A caption the log refuses: an update of a segment it does not hold open, or in another language. */
public final class CaptionRefusal extends Exception {

    public CaptionRefusal(String message) {
        super(message, null, false, false);
    }
}
