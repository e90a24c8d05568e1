package org.parley.mixer.asr;

/**
 * Receives a session's hypotheses on the session's ASR worker thread; an implementation hands them
 * on (to signaling's caption model, say) and returns quickly.
 */
public interface AsrListener {

    /**
     * The best guess so far for the utterance in progress; it may change or shrink. Rate-limited by
     * the engine, and never repeated unchanged.
     */
    void partial(String text);

    /**
     * An utterance ended: its text, reported once. {@code startMs} and {@code endMs} are in the
     * session's audio time (samples fed / 16).
     */
    void finalSegment(String text, long startMs, long endMs);
}
