package org.parley.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.media.rtcp.RtcpPacketTest.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SR, RR, report blocks, SDES and BYE (RFC 3550 §6.4-6.6). */
class ReportsTest {

    private static final String BLOCK = "0A0B0C0D 40FFFFFE 00010005 00000020 1A2B8000 00018000";
    private static final String SR = "81C8000C 01020304 E74F1A2B 80000000 0001E240 000003E8 00027100" + BLOCK;

    @Test
    void parsesSenderReport() {
        ByteBuf buf = hex(SR);
        assertTrue(SenderReport.isSenderReport(buf, 0));
        assertEquals(0x01020304L, RtcpPacket.senderSsrc(buf, 0));
        assertEquals(0xE74F1A2BL, SenderReport.ntpSeconds(buf, 0));
        assertEquals(0x80000000L, SenderReport.ntpFraction(buf, 0));
        assertEquals(0x1A2B8000L, SenderReport.ntpMiddle32(buf, 0));
        assertEquals(123_456, SenderReport.rtpTimestamp(buf, 0));
        assertEquals(1000, SenderReport.packetCount(buf, 0));
        assertEquals(160_000, SenderReport.octetCount(buf, 0));
        assertEquals(1, SenderReport.reportCount(buf, 0));
        int block = SenderReport.reportBlockOffset(buf, 0, 0);
        assertEquals(28, block);
        assertEquals(-1, SenderReport.reportBlockOffset(buf, 0, 1));
        assertBlock(buf, block);
    }

    @Test
    void parsesReceiverReport() {
        ByteBuf buf = hex("81C90007 11111111" + BLOCK);
        assertTrue(ReceiverReport.isReceiverReport(buf, 0));
        assertFalse(SenderReport.isSenderReport(buf, 0));
        assertEquals(1, ReceiverReport.reportCount(buf, 0));
        assertBlock(buf, ReceiverReport.reportBlockOffset(buf, 0, 0));
    }

    @Test
    void findsTheBlocksOfEitherReport() {
        assertEquals(28, ReceptionReport.inReport(hex(SR), 0, 0));
        assertEquals(-1, ReceptionReport.inReport(hex(SR), 0, 1));
        assertEquals(8, ReceptionReport.inReport(hex("81C90007 11111111" + BLOCK), 0, 0));
        assertEquals(-1, ReceptionReport.inReport(hex("81CA0007 11111111" + BLOCK), 0, 0), "an SDES has none");
    }

    @Test
    void rejectsReportWhoseBlocksDoNotFit() {
        ByteBuf buf = hex("82C90007 11111111" + BLOCK); // RC=2 but room for one
        assertFalse(ReceiverReport.isReceiverReport(buf, 0));
        assertEquals(-1, ReceiverReport.reportBlockOffset(buf, 0, 1));
    }

    private static void assertBlock(ByteBuf buf, int block) {
        assertEquals(0x0A0B0C0DL, ReceptionReport.ssrc(buf, block));
        assertEquals(0x40, ReceptionReport.fractionLost(buf, block));
        assertEquals(-2, ReceptionReport.cumulativeLost(buf, block));
        assertEquals(0x10005, ReceptionReport.extendedHighestSequence(buf, block));
        assertEquals(32, ReceptionReport.jitter(buf, block));
        assertEquals(0x1A2B8000L, ReceptionReport.lastSenderReport(buf, block));
        assertEquals(0x18000, ReceptionReport.delaySinceLastSenderReport(buf, block));
    }

    @Test
    void writesSenderReportWithBlocksByteExact() {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(0x99); // writers append at the writer index
        assertEquals(28, SenderReport.write(out, 0x01020304L, 0xE74F1A2BL, 0x80000000L, 123_456, 1000, 160_000));
        assertEquals(24, ReceptionReport.write(out, 1, 0x0A0B0C0DL, 0x40, -2, 0x10005, 32, 0x1A2B8000L, 0x18000));
        out.readerIndex(1);
        assertEquals(hex(SR), out);
    }

    @Test
    void writesReceiverReportRoundTrip() {
        ByteBuf out = Unpooled.buffer();
        assertEquals(8, ReceiverReport.write(out, 0x11111111L));
        assertTrue(ReceiverReport.isReceiverReport(out, 0));
        assertEquals(0, ReceiverReport.reportCount(out, 0));
        for (int i = 0; i < ReceptionReport.MAX_BLOCKS; i++) {
            assertEquals(24, ReceptionReport.write(out, 0, i, i, -i, 1000 + i, i, i, i));
        }
        assertEquals(-1, ReceptionReport.write(out, 0, 99, 0, 0, 0, 0, 0, 0), "RC is 5 bits");
        assertEquals(8 + 31 * 24, out.readableBytes());
        assertTrue(RtcpPacket.isValidCompound(out));
        assertEquals(31, ReceiverReport.reportCount(out, 0));
        int block = ReceiverReport.reportBlockOffset(out, 0, 30);
        assertEquals(30, ReceptionReport.ssrc(out, block));
        assertEquals(-30, ReceptionReport.cumulativeLost(out, block));
        assertEquals(1030, ReceptionReport.extendedHighestSequence(out, block));
    }

    @Test
    void reportBlockClampsCumulativeLostAndRefusesOtherPackets() {
        ByteBuf out = Unpooled.buffer();
        ReceiverReport.write(out, 1);
        ReceptionReport.write(out, 0, 2, 0, Integer.MAX_VALUE, 0, 0, 0, 0);
        ReceptionReport.write(out, 0, 3, 0, Integer.MIN_VALUE, 0, 0, 0, 0);
        assertEquals(0x7FFFFF, ReceptionReport.cumulativeLost(out, 8));
        assertEquals(-0x800000, ReceptionReport.cumulativeLost(out, 32));

        ByteBuf bye = Unpooled.buffer();
        Bye.write(bye, 1);
        assertEquals(-1, ReceptionReport.write(bye, 0, 2, 0, 0, 0, 0, 0, 0));
        assertEquals(8, bye.readableBytes());
        ReceiverReport.write(bye, 5);
        bye.writeByte(0); // report no longer ends at the writer index
        assertEquals(-1, ReceptionReport.write(bye, 8, 2, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void parsesAndWritesSdesCname() {
        ByteBuf buf = hex(RtcpPacketTest.SDES_CNAME);
        assertTrue(Sdes.isSdes(buf, 0));
        assertEquals(1, Sdes.chunkCount(buf, 0));
        assertEquals(0x01020304L, Sdes.chunkSsrc(buf, 0, 0));
        byte[] cname = new byte[32];
        assertEquals(8, Sdes.cname(buf, 0, 0, cname));
        assertEquals("abcdefgh", new String(cname, 0, 8, StandardCharsets.US_ASCII));
        assertEquals("abcdefgh", Sdes.cname(buf, 0, 0));
        assertEquals(-1, Sdes.cname(buf, 0, 1, cname));
        assertEquals(-1, Sdes.cname(buf, 0, 0, new byte[4]));

        ByteBuf out = Unpooled.buffer();
        assertEquals(20, Sdes.writeCname(out, 0x01020304L, "abcdefgh".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(buf, out);
        for (int length = 0; length < 8; length++) {
            out.clear();
            byte[] name = "xxxxxxxx".substring(0, length).getBytes(StandardCharsets.US_ASCII);
            int written = Sdes.writeCname(out, 7, name);
            assertEquals(0, written % 4);
            assertTrue(RtcpPacket.isValidCompound(out));
            assertEquals(length, Sdes.cname(out, 0, 0, cname));
            assertEquals(7, Sdes.chunkSsrc(out, 0, 0));
        }
        assertEquals(-1, Sdes.writeCname(out, 1, new byte[256]));
    }

    @Test
    void findsCnameInSecondChunkAfterOtherItems() {
        // Chunk 1: NAME "ab" then CNAME "c"; chunk 2: CNAME "xyz".
        ByteBuf buf = hex("82CA0006 00000001 02026162 01016300 00000002 01037879 7A000000");
        assertEquals("c", Sdes.cname(buf, 0, 0));
        assertEquals(2, Sdes.chunkSsrc(buf, 0, 1));
        assertEquals("xyz", Sdes.cname(buf, 0, 1));
    }

    @Test
    void parsesAndWritesBye() {
        ByteBuf buf = hex("82CB0002 01020304 05060708");
        assertTrue(Bye.isBye(buf, 0));
        assertEquals(2, Bye.ssrcCount(buf, 0));
        assertEquals(0x01020304L, Bye.ssrc(buf, 0, 0));
        assertEquals(0x05060708L, Bye.ssrc(buf, 0, 1));
        assertEquals(-1, Bye.ssrc(buf, 0, 2));

        ByteBuf out = Unpooled.buffer();
        assertEquals(12, Bye.write(out, new long[] {0x01020304L, 0x05060708L, 9}, 2));
        assertEquals(buf, out);
        out.clear();
        assertEquals(8, Bye.write(out, 0xFFFFFFFFL));
        assertEquals(0xFFFFFFFFL, Bye.ssrc(out, 0, 0));
        assertEquals(-1, Bye.write(out, new long[40], 32));
    }

    @Test
    void estimatesRttWithRfc3550Example() {
        // RFC 3550 §6.4.1, Figure 2: A=0xb7108000, LSR=0xb7052000, DLSR=0x00054000 -> 6.125 s.
        assertEquals(6125, RttEstimator.rttMillis(0xB7108000L, 0xB7052000L, 0x00054000L));
        assertEquals(-1, RttEstimator.rttMillis(0xB7108000L, 0, 0x00054000L), "no SR yet");
        assertEquals(-1, RttEstimator.rttMillis(0xB7000000L, 0xB7052000L, 0x00054000L), "negative");

        RttEstimator estimator = new RttEstimator(0xCAFEBABEL);
        ByteBuf rr = Unpooled.buffer();
        ReceiverReport.write(rr, 1);
        ReceptionReport.write(rr, 0, 0x11111111L, 0, 0, 0, 0, 0xB7000000L, 0);
        ReceptionReport.write(rr, 0, 0xCAFEBABEL, 0, 0, 0, 0, 0xB7052000L, 0x00054000L);
        assertEquals(-1, estimator.rttMillis());
        assertEquals(6125, estimator.onReport(rr, 0, 0xB7108000L));
        assertEquals(6125, estimator.rttMillis());
        assertEquals(-1, new RttEstimator(5).onReport(rr, 0, 0xB7108000L), "no block about us");
    }

    @Test
    void convertsWallClockToNtp() {
        long epochNanos = 1_000_000_000_250_000_000L;
        assertEquals(1_000_000_000L + NtpTime.EPOCH_OFFSET_SECONDS, NtpTime.seconds(epochNanos));
        assertEquals(1L << 30, NtpTime.fraction(epochNanos));
        assertEquals(((1_000_000_000L + NtpTime.EPOCH_OFFSET_SECONDS) & 0xFFFF) << 16 | 0x4000,
                NtpTime.compact(epochNanos));
        assertEquals(0x00054000L, NtpTime.compactDuration(5_250_000_000L));
        assertEquals(0xFFFFFFFFL, NtpTime.compactDuration(Long.MAX_VALUE));
        assertEquals(5250, NtpTime.compactToMillis(0x00054000L));
    }
}
