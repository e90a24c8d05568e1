package org.parley.mixer.fmp4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The init segment's box layout, field by field (ISO/IEC 14496-12; Opus in ISOBMFF §4.3). */
class OpusInitSegmentTest {

    @Test
    void declaresOneOpusTrackAt48kHzWithItsPreSkipAndLanguage() {
        Boxes boxes = Boxes.of(OpusInitSegment.write(new OpusTrack(1, 312, "fra")));

        assertEquals(List.of("ftyp", "moov"), boxes.top().stream().map(Boxes.Box::type).toList());
        Boxes.Box ftyp = boxes.find("ftyp");
        assertEquals("iso6", boxes.fourCc(ftyp.payload()));
        assertEquals(List.of("iso6", "cmfc", "mp41", "Opus"), List.of(boxes.fourCc(ftyp.payload() + 8),
                boxes.fourCc(ftyp.payload() + 12), boxes.fourCc(ftyp.payload() + 16), boxes.fourCc(ftyp.payload() + 20)));

        Boxes.Box mvhd = boxes.find("moov/mvhd");
        assertEquals(48_000, boxes.u32(mvhd.payload() + 4 + 8));
        assertEquals(2, boxes.u32(mvhd.end() - 4), "next_track_ID");

        Boxes.Box tkhd = boxes.find("moov/trak/tkhd");
        assertEquals(3, boxes.u32(tkhd.payload()) & 0xFFFFFF, "enabled, in movie");
        assertEquals(1, boxes.u32(tkhd.payload() + 4 + 8), "track_ID");

        Boxes.Box mdhd = boxes.find("moov/trak/mdia/mdhd");
        assertEquals(48_000, boxes.u32(mdhd.payload() + 4 + 8));
        int language = boxes.u16(mdhd.payload() + 4 + 16);
        assertEquals("fra", "" + (char) ((language >> 10 & 31) + 0x60) + (char) ((language >> 5 & 31) + 0x60)
                + (char) ((language & 31) + 0x60));
        assertEquals("soun", boxes.fourCc(boxes.find("moov/trak/mdia/hdlr").payload() + 8));

        Boxes.Box stsd = boxes.find("moov/trak/mdia/minf/stbl/stsd");
        assertEquals(1, boxes.u32(stsd.payload() + 4), "one sample entry");
        Boxes.Box entry = boxes.find("moov/trak/mdia/minf/stbl/stsd/Opus");
        assertEquals(1, boxes.u16(entry.payload() + 6), "data_reference_index");
        assertEquals(1, boxes.u16(entry.payload() + 16), "channelcount");
        assertEquals(16, boxes.u16(entry.payload() + 18), "samplesize");
        assertEquals(48_000L << 16, boxes.u32(entry.payload() + 24), "samplerate 16.16");

        Boxes.Box dops = boxes.find("moov/trak/mdia/minf/stbl/stsd/Opus/dOps");
        assertEquals(8 + 11, dops.size(), "dOps of channel mapping family 0");
        int at = dops.payload();
        assertEquals(0, boxes.u8(at), "Version");
        assertEquals(1, boxes.u8(at + 1), "OutputChannelCount");
        assertEquals(312, boxes.u16(at + 2), "PreSkip");
        assertEquals(48_000, boxes.u32(at + 4), "InputSampleRate");
        assertEquals(0, boxes.u16(at + 8), "OutputGain");
        assertEquals(0, boxes.u8(at + 10), "ChannelMappingFamily");

        for (String table : List.of("stts", "stsc", "stco")) {
            assertEquals(0, boxes.u32(boxes.find("moov/trak/mdia/minf/stbl/" + table).payload() + 4), table + " is empty");
        }
        Boxes.Box trex = boxes.find("moov/mvex/trex");
        assertEquals(1, boxes.u32(trex.payload() + 4), "trex track_ID");
        assertEquals(1, boxes.u32(trex.payload() + 8), "default_sample_description_index");
    }

    @Test
    void languagesMapToIso639Part2AndTheFloorIsUndetermined() {
        assertEquals("fra", OpusTrack.iso639Part2("fr"));
        assertEquals("zho", OpusTrack.iso639Part2("zh"));
        assertEquals("ara", OpusTrack.iso639Part2("ar"));
        assertEquals("und", OpusTrack.iso639Part2("floor"));
        assertThrows(IllegalArgumentException.class, () -> new OpusTrack(3, 312, "fra"));
        assertThrows(IllegalArgumentException.class, () -> new OpusTrack(1, 70_000, "fra"));
    }
}
