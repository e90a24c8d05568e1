package org.parley.mixer.ogg;

/**
 * The checksum of an Ogg page (RFC 3533 §6): CRC-32 with generator polynomial 0x04C11DB7, initial
 * value 0, no final XOR, and — unlike zlib's CRC-32 ({@code java.util.zip.CRC32}) — bits taken most
 * significant first, with neither input nor output reflected. Computed over the whole page with its
 * checksum field set to zero. Table-driven, one lookup per byte, no allocation.
 */
public final class OggCrc {

    private static final int POLYNOMIAL = 0x04C11DB7;
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ POLYNOMIAL : r << 1;
            }
            TABLE[i] = r;
        }
    }

    private OggCrc() {
    }

    /** Continues {@code crc} (0 to start) over {@code length} bytes of {@code data} from {@code offset}. */
    public static int update(int crc, byte[] data, int offset, int length) {
        int r = crc;
        for (int i = offset, end = offset + length; i < end; i++) {
            r = (r << 8) ^ TABLE[((r >>> 24) ^ data[i]) & 0xFF];
        }
        return r;
    }

    /** The checksum of {@code length} bytes of {@code data} from {@code offset}. */
    public static int of(byte[] data, int offset, int length) {
        return update(0, data, offset, length);
    }
}
