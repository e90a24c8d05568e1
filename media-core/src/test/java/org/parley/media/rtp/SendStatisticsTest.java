package org.parley.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.parley.media.rtcp.NtpTime;
import org.parley.media.rtcp.RtcpPacket;
import org.parley.media.rtcp.SenderReport;

class SendStatisticsTest {

    @Test
    void extrapolatesRtpTimestampToNow() {
        SendStatistics stats = new SendStatistics(0xCAFEBABEL);
        assertFalse(stats.hasSent());
        stats.onPacketSent(0xFFFFFF00L, 80, 1_000_000_000L);
        stats.onPacketSent(0xFFFFFFFFL, 120, 2_000_000_000L);
        assertTrue(stats.hasSent());
        assertEquals(2, stats.packets());
        assertEquals(200, stats.octets());
        // 250 ms later at 48 kHz: +12000, wrapping past 2^32.
        assertEquals(11_999, stats.rtpTimestampAt(2_250_000_000L, 48_000));
        assertEquals(0xFFFFFFFFL, stats.rtpTimestampAt(2_000_000_000L, 48_000));
    }

    @Test
    void writesSenderReport() {
        SendStatistics stats = new SendStatistics(0x01020304L);
        ByteBuf pkt = RtpPacketTest.hex("806F0001 00010000 01020304 AABBCCDD");
        assertTrue(stats.onPacketSent(pkt, 10_000_000_000L));
        long epochNanos = 1_700_000_000_500_000_000L;
        ByteBuf out = Unpooled.buffer();
        assertEquals(28, stats.writeSenderReport(out, 10_020_000_000L, epochNanos, 48_000));
        assertTrue(SenderReport.isSenderReport(out, 0));
        assertEquals(0x01020304L, RtcpPacket.senderSsrc(out, 0));
        assertEquals(1_700_000_000L + NtpTime.EPOCH_OFFSET_SECONDS, SenderReport.ntpSeconds(out, 0));
        assertEquals(1L << 31, SenderReport.ntpFraction(out, 0));
        assertEquals(0x10000 + 960, SenderReport.rtpTimestamp(out, 0));
        assertEquals(1, SenderReport.packetCount(out, 0));
        assertEquals(4, SenderReport.octetCount(out, 0));
    }
}
