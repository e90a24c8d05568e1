package org.parley.mixer.asr;

/**
 * A speech recogniser: opens one {@link AsrSession} per captioned channel. An engine may run in
 * process (pocketsphinx through FFM) or be a client of a recognition server (a vosk-server
 * WebSocket, say); either way a session takes 16 kHz mono PCM and reports text to its
 * {@link AsrListener}.
 *
 * <p>Threads: {@link #open} and every call on a session run on an ASR worker thread, never on the
 * mixer thread (a session's decoding takes far longer than a tick) nor on a Netty event loop. The
 * mixer thread only hands its 48 kHz frames over; the worker decimates them
 * ({@link Decimator48To16}) and feeds the session. An engine itself may be shared by workers.
 */
public interface AsrEngine extends AutoCloseable {

    /** The sample rate every session takes, Hz (mono, signed 16-bit). */
    int SAMPLE_RATE = 16_000;

    /** A short name for logs and metrics, e.g. {@code "pocketsphinx"}. */
    String name();

    /** Whether {@link #open} accepts this language (a BCP 47 primary tag such as {@code "en"}). */
    boolean supports(String language);

    /**
     * Opens a session for one channel's audio in {@code language}.
     *
     * @throws AsrUnavailableException if the engine does not do that language or cannot start
     */
    AsrSession open(String language, AsrListener listener);

    /** Releases what the engine shares between sessions; sessions already open stay usable. */
    @Override
    void close();
}
