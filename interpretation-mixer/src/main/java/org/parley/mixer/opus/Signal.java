package org.parley.mixer.opus;

/** A hint about the input that biases the encoder's mode decision ({@code OPUS_SET_SIGNAL}). */
public enum Signal {
    /** Let the encoder's classifier decide (the default). */
    AUTO(-1000),
    /** Bias towards the LPC (SILK) and hybrid modes, which carry in-band FEC. */
    VOICE(3001),
    /** Bias towards the MDCT (CELT) mode. */
    MUSIC(3002);

    final int nativeValue;

    Signal(int nativeValue) {
        this.nativeValue = nativeValue;
    }
}
