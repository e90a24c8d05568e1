package org.parley.media.ice;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The FINGERPRINT value (RFC 5389 §15.5): CRC-32 of the message up to the attribute, XOR 0x5354554e.
 */
final class Fingerprint {

    /** Length of the attribute value. */
    static final int LENGTH = 4;

    private static final int XOR = 0x5354554e;

    private Fingerprint() {
    }

    /** The caller keeps ownership of {@code covered}; its position moves. */
    static int compute(ByteBuffer covered) {
        CRC32 crc = new CRC32();
        crc.update(covered);
        return (int) crc.getValue() ^ XOR;
    }
}
