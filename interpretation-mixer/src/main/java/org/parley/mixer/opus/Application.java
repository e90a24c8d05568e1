package org.parley.mixer.opus;

/** The encoder's intended use, fixed at creation ({@code OPUS_APPLICATION_*}). */
public enum Application {
    /** Speech intelligibility first; the right choice for interpreter and floor microphones. */
    VOIP(2048),
    /** Closest to the input for any signal, such as music. */
    AUDIO(2049),
    /** Lowest delay; disables the speech-optimised (SILK) modes and therefore in-band FEC. */
    RESTRICTED_LOWDELAY(2051);

    final int nativeValue;

    Application(int nativeValue) {
        this.nativeValue = nativeValue;
    }
}
