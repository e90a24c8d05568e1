package org.parley.mixer.asr;

/**
 * One channel's recognition: fed 16 kHz mono PCM in order, it reports partial hypotheses and, once
 * per utterance, the final text to its {@link AsrListener}, on the thread that feeds it. Not thread
 * safe: one ASR worker thread feeds it and closes it (see {@link AsrEngine}).
 *
 * <p>Times are counted in samples fed, so they are the session's audio time whatever the wall
 * clock did: sample {@code n} is at {@code n / 16} ms.
 */
public interface AsrSession extends AutoCloseable {

    /**
     * Feeds {@code count} samples from the start of {@code pcm}; listener calls happen within.
     *
     * @throws IllegalArgumentException if {@code count} is negative or beyond the array
     * @throws IllegalStateException if the session is closed
     */
    void feed(short[] pcm, int count);

    /** Ends the utterance in progress, if any, so its final is reported now (end of a talk, a pause). */
    void flush();

    /** Samples fed so far. */
    long samplesFed();

    /** Flushes, then frees the session's resources; later calls to {@link #feed} fail. Idempotent. */
    @Override
    void close();
}
