package org.parley.mixer.opus;

/**
 * A libopus call returned an error code. The message is libopus's own text for the code
 * ({@code opus_strerror}), so it reads the same as in any other libopus user.
 */
public final class OpusException extends Exception {

    /** {@code OPUS_BAD_ARG}: one or more invalid or out of range arguments. */
    public static final int BAD_ARG = -1;
    /** {@code OPUS_BUFFER_TOO_SMALL}: not enough bytes allocated in the output buffer. */
    public static final int BUFFER_TOO_SMALL = -2;
    /** {@code OPUS_INTERNAL_ERROR}. */
    public static final int INTERNAL_ERROR = -3;
    /** {@code OPUS_INVALID_PACKET}: the compressed data passed is corrupted. */
    public static final int INVALID_PACKET = -4;

    private final int errorCode;

    OpusException(int errorCode, String message) {
        super(message + " (opus error " + errorCode + ")");
        this.errorCode = errorCode;
    }

    /** The negative libopus error code, one of the constants above or another {@code OPUS_*} code. */
    public int errorCode() {
        return errorCode;
    }
}
