package org.parley.mixer.ogg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OggOpusWriterTest {

    /** TOC of a one-frame CELT fullband 20 ms packet (RFC 6716 §3.1, config 31, code 0): 960 samples. */
    private static final byte CELT_20MS = (byte) 0xF8;

    private static byte[] packet(int length, int fill) {
        byte[] packet = new byte[length];
        Arrays.fill(packet, (byte) fill);
        packet[0] = CELT_20MS;
        return packet;
    }

    @Test
    void headerPagesAreOpusHeadAloneThenOpusTagsWithGranuleZero() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (OggOpusWriter writer = new OggOpusWriter(Channels.newChannel(file), 1234, 312, "Parley",
                List.of("LANGUAGE=fr", "TITLE=Plenary – séance"), 48_000)) {
            writer.writePacket(packet(60, 1), 0, 60);
        }
        byte[] bytes = file.toByteArray();
        // Byte for byte the page opusenc writes for the same serial and pre-skip: the layout, and the CRC.
        assertArrayEquals(OggCrcTest.OPUSENC_HEAD_PAGE, Arrays.copyOf(bytes, OggCrcTest.OPUSENC_HEAD_PAGE.length));
        List<OggPages.Page> pages = OggPages.read(bytes);
        assertEquals(3, pages.size());
        assertEquals(OggPageWriter.BEGINNING_OF_STREAM, pages.get(0).flags());
        assertEquals(0, pages.get(1).flags());
        assertEquals(0, pages.get(1).granule());
        byte[] tags = pages.get(1).packets().getFirst();
        String text = new String(tags, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("OpusTags") && text.contains("LANGUAGE=fr") && text.contains("séance"), text);
        assertEquals(1, pages.get(1).packets().size(), "OpusTags finishes its page");
        assertEquals(OggPageWriter.END_OF_STREAM, pages.get(2).flags());
        assertEquals(960, pages.get(2).granule());
        for (OggPages.Page page : pages) {
            assertEquals(page.storedCrc(), page.computedCrc());
            assertEquals(1234, page.serial());
        }
    }

    @Test
    void audioPagesCloseAboutEverySecondWithTheEndSampleOfTheirLastPacket() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int packets = 130; // 2.6 s of 20 ms packets
        try (OggOpusWriter writer = new OggOpusWriter(Channels.newChannel(file), 7, 312, "Parley", List.of(), 48_000)) {
            for (int i = 0; i < packets; i++) {
                writer.writePacket(packet(40 + i, i), 0, 40 + i);
            }
            assertEquals(packets * 960L, writer.granulePosition());
            assertEquals(packets * 960L - 312, writer.playableSamples());
        }
        List<OggPages.Page> pages = OggPages.read(file.toByteArray());
        List<OggPages.Page> audio = pages.subList(2, pages.size());
        // 50 packets (1 s) per page, the last 30 on the EOS page written at close.
        assertEquals(List.of(50 * 960L, 100 * 960L, 130 * 960L), audio.stream().map(OggPages.Page::granule).toList());
        assertEquals(List.of(0, 0, OggPageWriter.END_OF_STREAM), audio.stream().map(OggPages.Page::flags).toList());
        int next = 0;
        for (int i = 0; i < pages.size(); i++) {
            assertEquals(i, pages.get(i).sequence(), "page sequence numbers count from 0 without a hole");
        }
        for (OggPages.Page page : audio) {
            for (byte[] packet : page.packets()) {
                assertEquals(40 + next, packet.length);
                assertEquals((byte) next, packet[1]);
                next++;
            }
        }
        assertEquals(packets, next);
    }

    @Test
    void lacingSplitsLongPacketsIn255ByteSegmentsEndingShort() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (OggOpusWriter writer = new OggOpusWriter(Channels.newChannel(file), 7, 312, "Parley", List.of(), 48_000)) {
            writer.writePacket(packet(600, 3), 0, 600);
            writer.writePacket(packet(510, 4), 0, 510);
            writer.writePacket(packet(1, 0), 0, 1);
        }
        OggPages.Page audio = OggPages.read(file.toByteArray()).get(2);
        assertArrayEquals(new int[] {255, 255, 90, 255, 255, 0, 1}, audio.lacing());
        assertEquals(List.of(600, 510, 1), audio.packets().stream().map(p -> p.length).toList());
    }

    @Test
    void aPageFullOfLacingValuesIsWrittenBeforeTheNextPacket() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        // Packets of 1000 bytes take 4 lacing values each: 63 fit on a page, far below a second of audio.
        try (OggOpusWriter writer = new OggOpusWriter(Channels.newChannel(file), 7, 312, "Parley", List.of(),
                48_000 * 10)) {
            for (int i = 0; i < 70; i++) {
                writer.writePacket(packet(1000, i), 0, 1000);
            }
        }
        List<OggPages.Page> pages = OggPages.read(file.toByteArray());
        assertEquals(63, pages.get(2).packets().size());
        assertEquals(63 * 960L, pages.get(2).granule());
        assertEquals(70 * 960L, pages.get(3).granule());
    }

    @Test
    void refusesWhatIsNotAnOpusPacketAndWritesNothingOfIt() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (OggOpusWriter writer = new OggOpusWriter(Channels.newChannel(file), 7, 312, "Parley", List.of(), 48_000)) {
            byte[] broken = {(byte) 0xFB}; // code 3 without its frame-count byte
            assertThrows(IllegalArgumentException.class, () -> writer.writePacket(broken, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> writer.writePacket(broken, 0, 0));
            assertEquals(0, writer.packetsWritten());
        }
    }
}
