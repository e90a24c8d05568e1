package org.parley.media.sdp;

/** The {@code a=setup} DTLS role attribute (RFC 8842 §5.1, values from RFC 4145 §4). */
public enum Setup {
    ACTIVE("active"),
    PASSIVE("passive"),
    ACTPASS("actpass"),
    HOLDCONN("holdconn");

    private final String value;

    Setup(String value) {
        this.value = value;
    }

    /** The attribute value, e.g. {@code actpass}. */
    public String value() {
        return value;
    }

    static Setup parse(String value) throws SdpException {
        for (Setup s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        throw new SdpException("setup '" + value + "' is not active, passive, actpass or holdconn");
    }
}
