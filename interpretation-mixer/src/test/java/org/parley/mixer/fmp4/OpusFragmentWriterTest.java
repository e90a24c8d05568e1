package org.parley.mixer.fmp4;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A media segment's boxes: mfhd sequence, tfhd base-is-moof, tfdt v1, trun sizes and durations pointing into mdat. */
class OpusFragmentWriterTest {

    @Test
    void writesOneFragmentWhoseTrunPointsAtThePacketsInMdat() {
        byte[] payload = {(byte) 0x78, 1, 2, (byte) 0x78, 3, (byte) 0x78};
        int[] sizes = {3, 2, 1};
        int[] durations = {960, 960, 960};
        byte[] out = new byte[OpusFragmentWriter.segmentSize(3, payload.length)];
        int end = OpusFragmentWriter.write(out, 0, 42, 0x1_0000_0000L + 96_000, 3, sizes, durations, payload, payload.length);
        assertEquals(out.length, end, "segmentSize is exact");

        Boxes boxes = Boxes.of(out);
        assertEquals(List.of("styp", "moof", "mdat"), boxes.top().stream().map(Boxes.Box::type).toList());
        assertEquals(42, boxes.u32(boxes.find("moof/mfhd").payload() + 4));
        Boxes.Box tfhd = boxes.find("moof/traf/tfhd");
        assertEquals(0x020000, boxes.u32(tfhd.payload()) & 0xFFFFFF, "default-base-is-moof");
        assertEquals(1, boxes.u32(tfhd.payload() + 4));
        Boxes.Box tfdt = boxes.find("moof/traf/tfdt");
        assertEquals(1, boxes.u8(tfdt.payload()), "version 1: 64-bit decode time");
        assertEquals(0x1_0000_0000L + 96_000, boxes.u64(tfdt.payload() + 4));

        Boxes.Box trun = boxes.find("moof/traf/trun");
        assertEquals(0x000301, boxes.u32(trun.payload()) & 0xFFFFFF);
        assertEquals(3, boxes.u32(trun.payload() + 4));
        Boxes.Box moof = boxes.find("moof");
        Boxes.Box mdat = boxes.find("mdat");
        int dataOffset = (int) boxes.u32(trun.payload() + 8);
        assertEquals(mdat.payload(), moof.start() + dataOffset, "data_offset counts from the moof to the first packet");
        int at = moof.start() + dataOffset;
        for (int i = 0; i < 3; i++) {
            assertEquals(durations[i], boxes.u32(trun.payload() + 12 + 8 * i));
            assertEquals(sizes[i], boxes.u32(trun.payload() + 16 + 8 * i));
            assertEquals(0x78, boxes.u8(at), "packet " + i + " starts with its TOC");
            at += sizes[i];
        }
        assertEquals(mdat.end(), at);
    }
}
