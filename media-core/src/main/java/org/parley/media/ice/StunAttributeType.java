package org.parley.media.ice;

/**
 * STUN attribute type codes this package understands (RFC 5389 §18.2, RFC 8445 §16.1).
 */
public final class StunAttributeType {

    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    private StunAttributeType() {
    }

    /**
     * RFC 5389 §15: types 0x0000-0x7FFF are comprehension-required; an agent that does not understand one
     * must reject the request (420), while unknown types 0x8000-0xFFFF are skipped.
     */
    public static boolean isComprehensionRequired(int type) {
        return (type & 0x8000) == 0;
    }
}
