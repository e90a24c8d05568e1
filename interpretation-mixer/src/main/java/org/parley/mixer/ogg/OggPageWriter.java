package org.parley.mixer.ogg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Packs the packets of one logical Ogg bitstream into pages (RFC 3533 §6) and writes each page to a
 * channel. Packets are never split across pages: a page is written before a packet that would not fit
 * (255 lacing values, 65,025 bytes of body), so every page ends on a packet boundary and its granule
 * position belongs to its last packet. One preallocated page buffer: adding a packet or writing a page
 * allocates nothing. Not thread-safe: one writer thread.
 */
public final class OggPageWriter {

    /** Header type flags (RFC 3533 §6, byte 5). */
    public static final int CONTINUED = 0x01;
    public static final int BEGINNING_OF_STREAM = 0x02;
    public static final int END_OF_STREAM = 0x04;

    /** Fixed part of the page header, before the lacing values. */
    public static final int HEADER_BYTES = 27;
    public static final int MAX_SEGMENTS = 255;
    public static final int MAX_BODY_BYTES = MAX_SEGMENTS * 255;
    /** The largest packet this writer takes: one that fills a page's lacing table on its own. */
    public static final int MAX_PACKET_BYTES = MAX_BODY_BYTES - 1;

    private final WritableByteChannel out;
    private final int serial;
    private final byte[] page = new byte[HEADER_BYTES + MAX_SEGMENTS + MAX_BODY_BYTES];
    private final ByteBuffer pageBuffer = ByteBuffer.wrap(page);
    private final byte[] body = new byte[MAX_BODY_BYTES];
    private final byte[] lacing = new byte[MAX_SEGMENTS];
    private int segments;
    private int bodyBytes;
    private int packets;
    private int sequence;
    private long pendingGranule;
    private boolean beginning = true;
    private long bytesWritten;

    /** @param serial the logical bitstream's serial number, the same on every page */
    public OggPageWriter(WritableByteChannel out, int serial) {
        this.out = out;
        this.serial = serial;
    }

    /** Whether a packet of {@code length} bytes still fits on the page being filled. */
    public boolean fits(int length) {
        return segments + length / 255 + 1 <= MAX_SEGMENTS && bodyBytes + length <= MAX_BODY_BYTES;
    }

    /**
     * Adds a packet to the page being filled, writing that page first if the packet does not fit.
     *
     * @param granule the granule position once this packet is complete (RFC 3533 §6: that of the last
     *                packet completed on a page)
     */
    public void add(byte[] data, int offset, int length, long granule) throws IOException {
        if (length < 0 || length > MAX_PACKET_BYTES) {
            throw new IllegalArgumentException("an Ogg packet of " + length + " bytes does not fit on one page");
        }
        if (!fits(length)) {
            writePage(0);
        }
        // Lacing (RFC 3533 §5): 255 for each full 255-byte segment, then the remainder (0 when the length is a multiple).
        int remaining = length;
        while (remaining >= 255) {
            lacing[segments++] = (byte) 255;
            remaining -= 255;
        }
        lacing[segments++] = (byte) remaining;
        System.arraycopy(data, offset, body, bodyBytes, length);
        bodyBytes += length;
        packets++;
        pendingGranule = granule;
    }

    /** Packets on the page being filled. */
    public int pendingPackets() {
        return packets;
    }

    /**
     * Writes the page being filled, if it holds any packet, with {@code flags} (plus BOS on the stream's
     * first page). A page with {@link #END_OF_STREAM} is written even when empty, with the last granule.
     */
    public void writePage(int flags) throws IOException {
        if (packets == 0 && (flags & END_OF_STREAM) == 0) {
            return;
        }
        int type = flags | (beginning ? BEGINNING_OF_STREAM : 0);
        int p = 0;
        page[p++] = 'O';
        page[p++] = 'g';
        page[p++] = 'g';
        page[p++] = 'S';
        page[p++] = 0; // stream structure version
        page[p++] = (byte) type;
        p = putLittleEndian(page, p, pendingGranule, 8);
        p = putLittleEndian(page, p, serial, 4);
        p = putLittleEndian(page, p, sequence, 4);
        int crcAt = p;
        p = putLittleEndian(page, p, 0, 4);
        page[p++] = (byte) segments;
        System.arraycopy(lacing, 0, page, p, segments);
        p += segments;
        System.arraycopy(body, 0, page, p, bodyBytes);
        p += bodyBytes;
        putLittleEndian(page, crcAt, OggCrc.of(page, 0, p), 4);
        pageBuffer.clear().limit(p);
        while (pageBuffer.hasRemaining()) {
            out.write(pageBuffer);
        }
        bytesWritten += p;
        sequence++;
        beginning = false;
        segments = 0;
        bodyBytes = 0;
        packets = 0;
    }

    /** Pages written so far. */
    public int pagesWritten() {
        return sequence;
    }

    /** Bytes written so far, headers included. */
    public long bytesWritten() {
        return bytesWritten;
    }

    static int putLittleEndian(byte[] target, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            target[at + i] = (byte) (value >>> (8 * i));
        }
        return at + bytes;
    }
}
