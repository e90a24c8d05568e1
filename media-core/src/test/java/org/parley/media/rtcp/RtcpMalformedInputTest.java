package org.parley.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** Random, truncated and corrupted compound packets through every reader: none may throw or move indexes. */
class RtcpMalformedInputTest {

    private static final int ITERATIONS = 100_000;

    private static final byte[][] SEEDS = {
        RtcpPacketTest.hex("81C8000C 01020304 E74F1A2B 80000000 0001E240 000003E8 00027100"
                + "0A0B0C0D 40FFFFFE 00010005 00000020 1A2B8000 00018000"
                + RtcpPacketTest.SDES_CNAME + "82CB0002 01020304 05060708").array(),
        RtcpPacketTest.hex("81C90007 11111111 0A0B0C0D 40FFFFFE 00010005 00000020 1A2B8000 00018000"
                + "81CD0004 11111111 22222222 00648001 FFFF0001"
                + "84CE0004 11111111 00000000 22222222 05000000").array(),
        RtcpPacketTest.hex("80C90001 01020304 8FCE0005 11111111 00000000 52454D42 010BD090 CAFEBABE"
                + "81CE0002 11111111 22222222").array(),
        RtcpPacketTest.hex("80C90001 01020304 AFCD0008 11111111 22222222 FFFE0018 00010207"
                + "2003C900 A8010400 FFFFFE01 02031001").array(),
    };

    @Test
    void readersNeverThrowOnGarbage() {
        SplittableRandom random = new SplittableRandom(0xC0FFEE);
        IntConsumer ignoreSequence = seq -> { };
        TransportCc.PacketVisitor ignorePacket = (seq, received, delta) -> { };
        byte[] cname = new byte[16];
        RttEstimator rtt = new RttEstimator(0x0A0B0C0DL);
        int packetsSeen = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            ByteBuf buf = mutate(random, iteration);
            int readerIndex = buf.readerIndex();
            int writerIndex = buf.writerIndex();

            RtcpPacket.isRtcp(buf);
            RtcpPacket.isValidCompound(buf);
            int walked = 0;
            for (int off = RtcpPacket.first(buf); off >= 0 && walked < 64; off = RtcpPacket.next(buf, off)) {
                readAll(buf, off, ignoreSequence, ignorePacket, cname, rtt);
                walked++;
            }
            packetsSeen += walked;
            for (int k = 0; k < 3; k++) {
                readAll(buf, random.nextInt(-8, writerIndex + 8), ignoreSequence, ignorePacket, cname, rtt);
            }

            assertEquals(readerIndex, buf.readerIndex());
            assertEquals(writerIndex, buf.writerIndex());
        }
        assertTrue(packetsSeen > ITERATIONS / 2, "mutations should leave many packets parseable");
    }

    private static void readAll(ByteBuf buf, int off, IntConsumer ignoreSequence,
                                TransportCc.PacketVisitor ignorePacket, byte[] cname, RttEstimator rtt) {
        RtcpPacket.version(buf, off);
        RtcpPacket.padding(buf, off);
        RtcpPacket.count(buf, off);
        RtcpPacket.packetType(buf, off);
        RtcpPacket.lengthWords(buf, off);
        RtcpPacket.packetLength(buf, off);
        RtcpPacket.senderSsrc(buf, off);
        RtcpPacket.mediaSsrc(buf, off);
        RtcpPacket.next(buf, off);

        SenderReport.isSenderReport(buf, off);
        SenderReport.ntpSeconds(buf, off);
        SenderReport.ntpFraction(buf, off);
        SenderReport.ntpMiddle32(buf, off);
        SenderReport.rtpTimestamp(buf, off);
        SenderReport.packetCount(buf, off);
        SenderReport.octetCount(buf, off);
        ReceiverReport.isReceiverReport(buf, off);
        for (int i = -1; i < 3; i++) {
            readBlock(buf, SenderReport.reportBlockOffset(buf, off, i));
            readBlock(buf, ReceiverReport.reportBlockOffset(buf, off, i));
        }
        readBlock(buf, off);
        rtt.onReport(buf, off, 0xB7108000L);

        Sdes.isSdes(buf, off);
        for (int chunk = -1; chunk < 3; chunk++) {
            Sdes.chunkSsrc(buf, off, chunk);
            Sdes.cname(buf, off, chunk, cname);
            Sdes.cname(buf, off, chunk);
        }
        Bye.isBye(buf, off);
        for (int i = -1; i < 3; i++) {
            Bye.ssrc(buf, off, i);
        }

        Nack.isNack(buf, off);
        Nack.mediaSsrc(buf, off);
        Nack.forEachLost(buf, off, ignoreSequence);
        Pli.isPli(buf, off);
        Pli.mediaSsrc(buf, off);
        Fir.isFir(buf, off);
        Fir.entryCount(buf, off);
        for (int i = -1; i < 3; i++) {
            Fir.entrySsrc(buf, off, i);
            Fir.entrySequenceNumber(buf, off, i);
            Remb.ssrc(buf, off, i);
        }
        Remb.isRemb(buf, off);
        Remb.bitrate(buf, off);
        Remb.ssrcCount(buf, off);
        TransportCc.isTransportCc(buf, off);
        TransportCc.baseSequenceNumber(buf, off);
        TransportCc.packetStatusCount(buf, off);
        TransportCc.referenceTime(buf, off);
        TransportCc.feedbackPacketCount(buf, off);
        TransportCc.forEachPacket(buf, off, ignorePacket);
    }

    private static void readBlock(ByteBuf buf, int block) {
        ReceptionReport.ssrc(buf, block);
        ReceptionReport.fractionLost(buf, block);
        ReceptionReport.cumulativeLost(buf, block);
        ReceptionReport.extendedHighestSequence(buf, block);
        ReceptionReport.jitter(buf, block);
        ReceptionReport.lastSenderReport(buf, block);
        ReceptionReport.delaySinceLastSenderReport(buf, block);
    }

    private static ByteBuf mutate(SplittableRandom random, int iteration) {
        byte[] bytes;
        if (iteration % 5 == 0) {
            bytes = new byte[random.nextInt(0, 64)];
            random.nextBytes(bytes);
            if (bytes.length > 0) {
                bytes[0] = (byte) (0x80 | bytes[0] & 0x3F);
            }
        } else {
            byte[] seed = SEEDS[iteration % SEEDS.length];
            bytes = Arrays.copyOf(seed, random.nextInt(seed.length / 2, seed.length + 1));
            for (int flips = random.nextInt(0, 4); flips > 0 && bytes.length > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
        }
        int prefix = random.nextInt(0, 4);
        ByteBuf buf = Unpooled.buffer(prefix + bytes.length + 4);
        buf.writeZero(prefix).writeBytes(bytes);
        buf.readerIndex(prefix);
        return buf;
    }
}
