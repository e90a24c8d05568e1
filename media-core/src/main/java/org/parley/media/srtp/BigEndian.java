package org.parley.media.srtp;

/** Network-order 32-bit access to byte arrays, for IVs, counters and the SRTCP index word. */
final class BigEndian {
    private BigEndian() {
    }

    static int getInt(byte[] array, int at) {
        return (array[at] & 0xff) << 24 | (array[at + 1] & 0xff) << 16
            | (array[at + 2] & 0xff) << 8 | array[at + 3] & 0xff;
    }

    static void setInt(byte[] array, int at, int value) {
        array[at] = (byte) (value >>> 24);
        array[at + 1] = (byte) (value >>> 16);
        array[at + 2] = (byte) (value >>> 8);
        array[at + 3] = (byte) value;
    }
}
