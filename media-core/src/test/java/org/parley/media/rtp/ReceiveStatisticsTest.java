package org.parley.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.parley.media.rtcp.ReceiverReport;
import org.parley.media.rtcp.ReceptionReport;

class ReceiveStatisticsTest {

    private static final int CLOCK_RATE = 48_000;
    private static final int SAMPLES_PER_PACKET = 960;
    private static final long PACKET_NANOS = 20_000_000L;
    private static final long START_NANOS = 5_000_000_000L;

    private final ReceiveStatistics stats = new ReceiveStatistics(0xCAFEBABEL);

    /** Packet {@code n} of the script: sequence start+n, sent on time, arriving {@code delayNanos} late. */
    private boolean receive(int start, int n, long delayNanos) {
        return stats.update((start + n) & 0xFFFF, 1000L + (long) n * SAMPLES_PER_PACKET,
                START_NANOS + n * PACKET_NANOS + delayNanos, CLOCK_RATE, 100);
    }

    @Test
    void countsInOrderPacketsAcrossWraparound() {
        for (int n = 0; n < 10; n++) {
            assertTrue(receive(65530, n, 0));
        }
        assertEquals(65536 + 3, stats.extendedHighestSequence());
        assertEquals(0, stats.cumulativeLost());
        assertEquals(0, stats.fractionLost());
        assertEquals(0, stats.jitter(), "constant transit time");
        assertEquals(10, stats.packets());
        assertEquals(1000, stats.bytes());
    }

    @Test
    void countsLossAndReordering() {
        int[] script = {0, 1, 2, 4, 3, 5, 6, 8, 9, 11}; // 3 reordered; 7 and 10 lost
        for (int n : script) {
            receive(65534, n, 0);
        }
        assertEquals(65536 + 9, stats.extendedHighestSequence());
        assertEquals(2, stats.cumulativeLost());
        assertEquals(2 * 256 / 12, stats.fractionLost());
        assertEquals(0, stats.jitter(), "reordering alone is no jitter: transit stays constant");
    }

    @Test
    void fractionLostCoversOnlyTheIntervalSinceTheLastReport() {
        for (int n = 0; n < 10; n++) {
            receive(100, n, 0);
        }
        ByteBuf out = Unpooled.buffer();
        ReceiverReport.write(out, 1);
        assertEquals(ReceptionReport.LENGTH, stats.writeReportBlock(out, 0, START_NANOS));
        for (int n = 10; n < 20; n += 2) { // every other packet lost
            receive(100, n, 0);
        }
        assertEquals(4 * 256 / 9, stats.fractionLost(), "111, 113, 115, 117 of 110..118 lost");
        assertEquals(4, stats.cumulativeLost(), "the 5th loss is not known until a later packet");
    }

    @Test
    void duplicatesMakeCumulativeLossNegative() {
        receive(7, 0, 0);
        receive(7, 1, 0);
        receive(7, 1, 0);
        assertEquals(-1, stats.cumulativeLost());
        assertEquals(0, stats.fractionLost());
    }

    @Test
    void jitterFollowsRfc3550EstimatorForAlternatingDelay() {
        long delay = 5_000_000L; // 5 ms = 240 timestamp units at 48 kHz
        receive(0, 0, 0);
        receive(0, 1, delay);
        assertEquals(240 / 16, stats.jitter(), "J = |D| / 16 after the first difference");
        double expected = 240 / 16.0;
        for (int n = 2; n < 200; n++) {
            receive(0, n, n % 2 == 1 ? delay : 0);
            expected += (240 - expected) / 16; // A.8: J += (|D| - J) / 16
        }
        assertEquals(expected, stats.jitter(), 1.0);
        assertTrue(stats.jitter() >= 238 && stats.jitter() <= 240);
    }

    @Test
    void restartsOnlyWhenTheJumpIsConfirmed() {
        for (int n = 0; n < 5; n++) {
            receive(1000, n, 0);
        }
        assertFalse(stats.update(40_000, 0, START_NANOS, CLOCK_RATE, 100), "lone jump set aside");
        assertEquals(1004, stats.extendedHighestSequence());
        assertTrue(stats.update(40_001, 960, START_NANOS, CLOCK_RATE, 100), "sequential: restart");
        assertEquals(40_001, stats.extendedHighestSequence());
        assertEquals(0, stats.cumulativeLost());
        assertEquals(0, stats.jitter(), "the timestamp jump of a restart is not jitter");
        assertEquals(7, stats.packets());
    }

    @Test
    void writesReportBlockWithLsrAndDlsr() {
        for (int n = 0; n < 10; n++) {
            if (n != 4) {
                receive(65000, n, 0);
            }
        }
        stats.onSenderReport(0x12345678L, START_NANOS);
        ByteBuf out = Unpooled.buffer();
        ReceiverReport.write(out, 0x11111111L);
        assertEquals(24, stats.writeReportBlock(out, 0, START_NANOS + 1_500_000_000L));
        assertEquals(32, out.readableBytes());
        assertTrue(ReceiverReport.isReceiverReport(out, 0));
        int block = ReceiverReport.reportBlockOffset(out, 0, 0);
        assertEquals(0xCAFEBABEL, ReceptionReport.ssrc(out, block));
        assertEquals(256 / 10, ReceptionReport.fractionLost(out, block));
        assertEquals(1, ReceptionReport.cumulativeLost(out, block));
        assertEquals(65009, ReceptionReport.extendedHighestSequence(out, block));
        assertEquals(0, ReceptionReport.jitter(out, block));
        assertEquals(0x12345678L, ReceptionReport.lastSenderReport(out, block));
        assertEquals(98_304, ReceptionReport.delaySinceLastSenderReport(out, block), "1.5 s in 1/65536 s");
        assertEquals(0, stats.fractionLost(), "interval restarted");
    }

    @Test
    void writesNoBlockBeforeFirstPacket() {
        ByteBuf out = Unpooled.buffer();
        ReceiverReport.write(out, 1);
        assertEquals(-1, stats.writeReportBlock(out, 0, 0));
        assertEquals(8, out.readableBytes());
    }

    @Test
    void updatesFromRtpPacket() {
        ByteBuf pkt = RtpPacketTest.hex("A06F0010 00000100 CAFEBABE 0102030405 0002");
        assertTrue(stats.update(pkt, START_NANOS, CLOCK_RATE));
        assertEquals(0x10, stats.extendedHighestSequence());
        assertEquals(5, stats.bytes());
        assertFalse(stats.update(RtpPacketTest.hex("80"), START_NANOS, CLOCK_RATE));
    }
}
