package org.parley.mixer.fmp4;

/**
 * Writes ISO base media file format boxes (ISO/IEC 14496-12 §4.2) big-endian into a caller's array:
 * {@link #begin} reserves a box's size and type, {@link #end} writes the size once its content is
 * known. Allocates nothing; a write past the array's end throws {@link ArrayIndexOutOfBoundsException},
 * which callers rule out by sizing the array first.
 */
final class BoxWriter {

    private final byte[] out;
    private int position;

    BoxWriter(byte[] out, int offset) {
        this.out = out;
        this.position = offset;
    }

    int position() {
        return position;
    }

    /** Starts a box of {@code type} (four ASCII characters); returns its start for {@link #end}. */
    int begin(String type) {
        int start = position;
        u32(0);
        fourCc(type);
        return start;
    }

    /** Starts a full box (§4.2: a box with a version and 24 bits of flags). */
    int beginFull(String type, int version, int flags) {
        int start = begin(type);
        u8(version);
        u24(flags);
        return start;
    }

    /** Ends the box begun at {@code start}: writes its size, header included. */
    void end(int start) {
        int size = position - start;
        out[start] = (byte) (size >>> 24);
        out[start + 1] = (byte) (size >>> 16);
        out[start + 2] = (byte) (size >>> 8);
        out[start + 3] = (byte) size;
    }

    void fourCc(String code) {
        for (int i = 0; i < 4; i++) {
            out[position++] = (byte) code.charAt(i);
        }
    }

    void u8(int value) {
        out[position++] = (byte) value;
    }

    void u16(int value) {
        out[position++] = (byte) (value >>> 8);
        out[position++] = (byte) value;
    }

    void u24(int value) {
        out[position++] = (byte) (value >>> 16);
        out[position++] = (byte) (value >>> 8);
        out[position++] = (byte) value;
    }

    void u32(long value) {
        out[position++] = (byte) (value >>> 24);
        out[position++] = (byte) (value >>> 16);
        out[position++] = (byte) (value >>> 8);
        out[position++] = (byte) value;
    }

    void u64(long value) {
        u32(value >>> 32);
        u32(value);
    }

    void zeros(int count) {
        for (int i = 0; i < count; i++) {
            out[position++] = 0;
        }
    }

    void bytes(byte[] source, int offset, int length) {
        System.arraycopy(source, offset, out, position, length);
        position += length;
    }

    /** The unity transformation matrix of {@code mvhd} and {@code tkhd} (§8.2.2.3). */
    void unityMatrix() {
        u32(0x00010000);
        u32(0);
        u32(0);
        u32(0);
        u32(0x00010000);
        u32(0);
        u32(0);
        u32(0);
        u32(0x40000000);
    }
}
