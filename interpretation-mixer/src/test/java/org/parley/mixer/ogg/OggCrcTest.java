package org.parley.mixer.ogg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OggCrcTest {

    /** The first page of a file {@code opusenc --serial 1234} (opus-tools 0.2, libopus 1.3.1) wrote: OpusHead, pre-skip 312. */
    static final byte[] OPUSENC_HEAD_PAGE = HexFormat.of().parseHex(
            "4f67675300020000000000000000d2040000000000003959425801134f707573486561640101380180bb0000000000");

    @Test
    void checkValueIsTheNonReflectedCrcNotZlibs() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        // CRC-32/POSIX (same polynomial, init 0, not reflected) checks 0x765E7680 with its final XOR; Ogg has none.
        assertEquals(0x765E7680 ^ 0xFFFFFFFF, OggCrc.of(check, 0, check.length));
        CRC32 zlib = new CRC32();
        zlib.update(check);
        assertNotEquals((int) zlib.getValue(), OggCrc.of(check, 0, check.length));
        assertEquals(0, OggCrc.of(check, 0, 0));
    }

    @Test
    void reproducesTheChecksumOfAPageOpusencWrote() {
        byte[] page = OPUSENC_HEAD_PAGE.clone();
        int stored = ByteBuffer.wrap(page, 22, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        page[22] = page[23] = page[24] = page[25] = 0;
        assertEquals(0x58425939, stored);
        assertEquals(stored, OggCrc.of(page, 0, page.length));
        // Continuing in pieces gives the same as one pass.
        assertEquals(stored, OggCrc.update(OggCrc.of(page, 0, 10), page, 10, page.length - 10));
    }

    @Test
    void everyPageOfAFileOpusencWritesNowChecksOut(@TempDir Path directory) throws Exception {
        Path raw = directory.resolve("tone.raw");
        ByteBuffer pcm = ByteBuffer.allocate(2 * 48_000 * 3).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 48_000 * 3; i++) {
            pcm.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / 48_000.0)));
        }
        Files.write(raw, pcm.array());
        Path opus = directory.resolve("tone.opus");
        Process encoder = new ProcessBuilder("opusenc", "--quiet", "--raw", "--raw-rate", "48000", "--raw-chan", "1",
                raw.toString(), opus.toString()).redirectErrorStream(true).start();
        encoder.getInputStream().readAllBytes();
        assertEquals(0, encoder.waitFor(), "opusenc (Debian opus-tools) encodes the tone");
        List<OggPages.Page> pages = OggPages.read(Files.readAllBytes(opus));
        assertTrue(pages.size() >= 3, "headers and audio pages");
        for (OggPages.Page page : pages) {
            assertEquals(page.storedCrc(), page.computedCrc(), "page " + page.sequence());
        }
    }
}
