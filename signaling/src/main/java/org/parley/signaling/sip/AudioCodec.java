package org.parley.signaling.sip;

/**
 * The G.711 codecs a room system may offer, with their static RTP payload types (RFC 3551 §6).
 * Mirrors {@code sip.media.CallCodec} for the call logic until that package is merged.
 */
public enum AudioCodec {
    PCMU(0), PCMA(8);

    /** RFC 3551 §4.5.14: G.711 is sampled at 8000 Hz. */
    public static final int CLOCK_RATE = 8000;

    private final int payloadType;

    AudioCodec(int payloadType) {
        this.payloadType = payloadType;
    }

    public int payloadType() {
        return payloadType;
    }

    /** The codec with static payload type {@code payloadType}, or null. */
    public static AudioCodec ofPayloadType(int payloadType) {
        for (AudioCodec codec : values()) {
            if (codec.payloadType == payloadType) {
                return codec;
            }
        }
        return null;
    }

    /** The codec whose rtpmap encoding name is {@code name} (case-insensitive), or null. */
    public static AudioCodec ofEncodingName(String name) {
        for (AudioCodec codec : values()) {
            if (codec.name().equalsIgnoreCase(name)) {
                return codec;
            }
        }
        return null;
    }
}
