package org.parley.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.parley.media.fuzz.TrackingAllocator;

/**
 * Coverage-guided fuzzing of every RTCP reader: the compound walk (RFC 3550 §6.1), SR, RR and their
 * report blocks, SDES, BYE, NACK (RFC 4585 §6.2.1), PLI, FIR (RFC 5104 §4.3.1), REMB and
 * transport-cc. The contract (package-info): readers never throw on garbage, never move an index nor
 * modify the buffer, and every offset the walk yields lies inside the packet and advances.
 */
class RtcpFuzzTest {

    private final TrackingAllocator alloc = new TrackingAllocator();

    @FuzzTest(maxDuration = "60s")
    void compoundPackets(byte[] bytes) {
        TrackingAllocator.assertNoDetectedLeaks();
        ByteBuf buf = alloc.copyOf(bytes, bytes.length % 6);
        int readerIndex = buf.readerIndex();
        RtcpPacket.isRtcp(buf);
        boolean valid = RtcpPacket.isValidCompound(buf);
        int packets = 0;
        int previous = -1;
        for (int off = RtcpPacket.first(buf); off >= 0; off = RtcpPacket.next(buf, off)) {
            assertTrue(off > previous && off >= readerIndex && off < buf.writerIndex(), "walk went to " + off);
            previous = off;
            assertTrue(++packets <= bytes.length / 4, "more packets than 32-bit words");
            assertTrue(off + RtcpPacket.packetLength(buf, off) <= buf.writerIndex(), "packet runs past the end");
            RtcpPacket.version(buf, off);
            RtcpPacket.padding(buf, off);
            RtcpPacket.count(buf, off);
            RtcpPacket.packetType(buf, off);
            RtcpPacket.lengthWords(buf, off);
            readAll(buf, off);
        }
        if (valid) {
            assertTrue(packets > 0, "a valid compound packet without packets");
        }
        // The typed readers check their packet themselves: they must be safe at offsets the walk never yields.
        for (int off = readerIndex; off < buf.writerIndex(); off += 4) {
            readAll(buf, off);
        }
        assertEquals(readerIndex, buf.readerIndex());
        assertArrayEquals(bytes, ByteBufUtil.getBytes(buf), "a reader modified the packet");
        buf.release();
        alloc.assertAllReleased("after one compound packet");
    }

    private static void readAll(ByteBuf buf, int off) {
        RtcpPacket.senderSsrc(buf, off);
        RtcpPacket.mediaSsrc(buf, off);
        if (SenderReport.isSenderReport(buf, off)) {
            SenderReport.ntpSeconds(buf, off);
            SenderReport.ntpFraction(buf, off);
            SenderReport.ntpMiddle32(buf, off);
            SenderReport.rtpTimestamp(buf, off);
            SenderReport.packetCount(buf, off);
            SenderReport.octetCount(buf, off);
            int count = SenderReport.reportCount(buf, off);
            for (int i = 0; i <= count; i++) {
                reportBlock(buf, SenderReport.reportBlockOffset(buf, off, i));
            }
        }
        if (ReceiverReport.isReceiverReport(buf, off)) {
            int count = ReceiverReport.reportCount(buf, off);
            for (int i = 0; i <= count; i++) {
                reportBlock(buf, ReceiverReport.reportBlockOffset(buf, off, i));
            }
        }
        if (Sdes.isSdes(buf, off)) {
            byte[] cname = new byte[255];
            for (int chunk = 0; chunk <= Sdes.chunkCount(buf, off); chunk++) {
                Sdes.chunkSsrc(buf, off, chunk);
                int length = Sdes.cname(buf, off, chunk, cname);
                String text = Sdes.cname(buf, off, chunk);
                assertEquals(length < 0, text == null, "the two cname readers disagree");
            }
        }
        if (Bye.isBye(buf, off)) {
            for (int i = 0; i <= Bye.ssrcCount(buf, off); i++) {
                Bye.ssrc(buf, off, i);
            }
        }
        int[] calls = {0};
        int lost = Nack.forEachLost(buf, off, seq -> {
            assertTrue(seq >= 0 && seq <= 0xFFFF, "sequence number " + seq);
            calls[0]++;
        });
        assertEquals(Math.max(lost, 0), calls[0]);
        if (Nack.isNack(buf, off)) {
            Nack.mediaSsrc(buf, off);
        }
        if (Pli.isPli(buf, off)) {
            Pli.mediaSsrc(buf, off);
        }
        if (Fir.isFir(buf, off)) {
            for (int i = 0; i <= Fir.entryCount(buf, off); i++) {
                Fir.entrySsrc(buf, off, i);
                Fir.entrySequenceNumber(buf, off, i);
            }
        }
        if (Remb.isRemb(buf, off)) {
            assertTrue(Remb.bitrate(buf, off) >= -1);
            for (int i = 0; i <= Remb.ssrcCount(buf, off); i++) {
                Remb.ssrc(buf, off, i);
            }
        }
        if (TransportCc.isTransportCc(buf, off)) {
            TransportCc.baseSequenceNumber(buf, off);
            TransportCc.referenceTime(buf, off);
            TransportCc.feedbackPacketCount(buf, off);
            int statusCount = TransportCc.packetStatusCount(buf, off);
            int[] visited = {0};
            int reported = TransportCc.forEachPacket(buf, off, (seq, received, delta) -> {
                assertTrue(seq >= 0 && seq <= 0xFFFF);
                assertTrue(received || delta == 0, "a lost packet with a delta");
                visited[0]++;
            });
            assertEquals(Math.max(reported, 0), visited[0]);
            if (reported >= 0) {
                assertEquals(statusCount, reported, "visits differ from the packet status count");
            }
        }
    }

    private static void reportBlock(ByteBuf buf, int block) {
        if (block < 0) {
            return;
        }
        assertTrue(block + ReceptionReport.LENGTH <= buf.writerIndex(), "report block runs past the end");
        ReceptionReport.ssrc(buf, block);
        ReceptionReport.fractionLost(buf, block);
        ReceptionReport.cumulativeLost(buf, block);
        ReceptionReport.extendedHighestSequence(buf, block);
        ReceptionReport.jitter(buf, block);
        ReceptionReport.lastSenderReport(buf, block);
        ReceptionReport.delaySinceLastSenderReport(buf, block);
    }
}
