package org.parley.mixer.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.mixer.ThreadAllocations;
import org.parley.mixer.fmp4.Boxes;

/** Where the segmenter cuts, how it fills gaps and restarts, and that a packet costs no allocation. */
class HlsSegmenterTest {

    private static final int FRAME = 960;
    private static final int SEGMENT = 96_000; // 2 s
    /** A CELT 20 ms fullband TOC (config 31, mono, one frame). */
    private static final byte TOC = (byte) (31 << 3);

    private final byte[] packet = {TOC, 1, 2, 3, 4, 5, 6, 7};

    @Test
    void renditionsStartingAtDifferentTimesCutAtTheSameBoundaries() {
        List<HlsSegment> early = new ArrayList<>();
        List<HlsSegment> late = new ArrayList<>();
        HlsSegmenter first = new HlsSegmenter(SEGMENT, early::add);
        HlsSegmenter second = new HlsSegmenter(SEGMENT, late::add);
        for (long t = 0; t < 5 * SEGMENT; t += FRAME) {
            first.frame(packet, packet.length, t, FRAME);
            if (t >= 30 * FRAME) { // joins 0.6 s in: waits for the boundary at 2 s
                second.frame(packet, packet.length, t, FRAME);
            }
        }
        assertEquals(List.of(0L, 1L, 2L, 3L), early.stream().map(HlsSegment::index).toList());
        assertEquals(List.of(1L, 2L, 3L), late.stream().map(HlsSegment::index).toList());
        for (int i = 0; i < late.size(); i++) {
            HlsSegment a = early.get(i + 1);
            HlsSegment b = late.get(i);
            assertEquals(a.startTime48k(), b.startTime48k());
            assertEquals(SEGMENT, b.durationSamples());
            assertEquals(b.index() * SEGMENT, b.startTime48k());
        }
        assertEquals(100 - 30, second.droppedPackets(), "the packets before its first boundary");
        assertEquals(5 * SEGMENT, first.resumePoint(), "the end of the segment in progress");
    }

    @Test
    void gapsAreFilledWithOneByteLostFramesSoDecodeTimesNeverJump() {
        List<HlsSegment> out = new ArrayList<>();
        HlsSegmenter segmenter = new HlsSegmenter(SEGMENT, out::add);
        for (long t = 0; t < 3 * SEGMENT; t += FRAME) {
            if (t < 10 * FRAME || t >= 13 * FRAME) { // three ticks skipped
                segmenter.frame(packet, packet.length, t, FRAME);
            }
        }
        assertEquals(3, segmenter.filledFrames());
        HlsSegment segment = out.getFirst();
        assertEquals(SEGMENT, segment.durationSamples());
        Boxes boxes = Boxes.of(segment.bytes());
        Boxes.Box trun = boxes.find("moof/traf/trun");
        assertEquals(100, boxes.u32(trun.payload() + 4), "100 samples of 20 ms");
        assertEquals(1, boxes.u32(trun.payload() + 16 + 8 * 10), "the first filled frame is one byte");
        assertEquals(packet.length, boxes.u32(trun.payload() + 16 + 8 * 13));
        int mdat = boxes.find("mdat").payload();
        assertEquals(TOC & 0xFC, boxes.u8(mdat + 10 * packet.length), "a lost frame of the same configuration");
        assertFalse(segment.discontinuity());
    }

    @Test
    void aGapLongerThanFiveSegmentsRestartsAtTheNextBoundaryAsADiscontinuity() {
        List<HlsSegment> out = new ArrayList<>();
        HlsSegmenter segmenter = new HlsSegmenter(SEGMENT, out::add);
        for (long t = 0; t < SEGMENT + 10 * FRAME; t += FRAME) {
            segmenter.frame(packet, packet.length, t, FRAME);
        }
        long resume = 20L * SEGMENT + 50 * FRAME;
        for (long t = resume; t < 23L * SEGMENT; t += FRAME) {
            segmenter.frame(packet, packet.length, t, FRAME);
        }
        assertEquals(1, segmenter.restarts());
        assertEquals(List.of(0L, 1L, 21L), out.stream().map(HlsSegment::index).toList());
        assertEquals(10 * FRAME, out.get(1).durationSamples(), "the part before the gap ends its segment");
        assertTrue(out.get(2).discontinuity());
    }

    @Test
    void aPacketCostsNoAllocation() {
        HlsSegmenter segmenter = new HlsSegmenter(SEGMENT * 10, segment -> { });
        long[] t = {0};
        for (int i = 0; i < 2000; i++) { // warm up, finishing a few segments
            segmenter.frame(packet, packet.length, t[0], FRAME);
            t[0] += FRAME;
        }
        long boundary = Math.ceilDiv(t[0], SEGMENT * 10) * SEGMENT * 10;
        for (; t[0] < boundary; t[0] += FRAME) {
            segmenter.frame(packet, packet.length, t[0], FRAME);
        }
        ThreadAllocations.assertSomeCycleAllocatesNothing("cycles of 100 packets within a segment", n -> {
            for (int i = 0; i < 100; i++) {
                segmenter.frame(packet, packet.length, t[0], FRAME);
                t[0] += FRAME;
            }
        });
    }
}
