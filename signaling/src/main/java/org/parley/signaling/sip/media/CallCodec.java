package org.parley.signaling.sip.media;

/**
 * Audio codecs a SIP call may use, with their static RTP payload types (RFC 3551 §6, table 4): G.711
 * at 8000 Hz, one byte per sample. {@link #encode} and {@link #decode} are table lookups: no
 * allocation, no branches beyond the bounds of the tables.
 */
public enum CallCodec {
    /** G.711 µ-law, payload type 0. */
    PCMU(0, "PCMU"),
    /** G.711 A-law, payload type 8. */
    PCMA(8, "PCMA");

    /** RFC 3551 §4.5.14: both laws sample at 8000 Hz. */
    private static final int CLOCK_RATE = 8000;

    private final int payloadType;
    private final String encodingName;

    CallCodec(int payloadType, String encodingName) {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
    }

    public int payloadType() {
        return payloadType;
    }

    public int clockRate() {
        return CLOCK_RATE;
    }

    /** The name in an SDP {@code a=rtpmap} line, e.g. {@code PCMU}. */
    public String encodingName() {
        return encodingName;
    }

    /** The codec of static payload type {@code pt}, or null. */
    public static CallCodec ofPayloadType(int pt) {
        for (CallCodec codec : values()) {
            if (codec.payloadType == pt) {
                return codec;
            }
        }
        return null;
    }

    /** One 16-bit linear sample to its G.711 code (0..255). */
    public int encode(short sample) {
        return this == PCMU ? MuLaw.encode(sample) : ALaw.encode(sample);
    }

    /** One G.711 code (only its low 8 bits count) to a 16-bit linear sample. */
    public short decode(int code) {
        return this == PCMU ? MuLaw.decode(code) : ALaw.decode(code);
    }
}
