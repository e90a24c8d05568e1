package org.parley.mixer.ogg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads an Ogg file back into pages and packets (RFC 3533 §6), for tests to check what was written. */
public final class OggPages {

    /** One page: header fields, its packets' lengths as laced, its body, and both checksums. */
    public record Page(int flags, long granule, int serial, int sequence, int storedCrc, int computedCrc,
                       int[] lacing, byte[] body) {

        /** The packets completed on this page (none of ours continue across pages). */
        public List<byte[]> packets() {
            List<byte[]> packets = new ArrayList<>();
            int start = 0;
            int length = 0;
            for (int value : lacing) {
                length += value;
                if (value < 255) {
                    packets.add(Arrays.copyOfRange(body, start, start + length));
                    start += length;
                    length = 0;
                }
            }
            return packets;
        }
    }

    private OggPages() {
    }

    public static List<Page> read(byte[] file) {
        List<Page> pages = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() > 0) {
            int start = in.position();
            assertEquals(0x5367674F, in.getInt(), "capture pattern OggS at " + start);
            assertEquals(0, in.get(), "stream structure version");
            int flags = in.get() & 0xFF;
            long granule = in.getLong();
            int serial = in.getInt();
            int sequence = in.getInt();
            int crcAt = in.position();
            int storedCrc = in.getInt();
            int segments = in.get() & 0xFF;
            int[] lacing = new int[segments];
            int bodyLength = 0;
            for (int i = 0; i < segments; i++) {
                lacing[i] = in.get() & 0xFF;
                bodyLength += lacing[i];
            }
            byte[] body = new byte[bodyLength];
            in.get(body);
            byte[] page = Arrays.copyOfRange(file, start, in.position());
            Arrays.fill(page, crcAt - start, crcAt - start + 4, (byte) 0);
            pages.add(new Page(flags, granule, serial, sequence, storedCrc, OggCrc.of(page, 0, page.length), lacing,
                    body));
        }
        return pages;
    }
}
