package org.parley.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Random, truncated and corrupted packets through every reader: none may throw or move indexes. */
class RtpMalformedInputTest {

    private static final int ITERATIONS = 100_000;

    /** A valid packet with CSRCs, a one-byte extension block and padding to mutate. */
    private static final byte[] ONE_BYTE_SEED = RtpPacketTest.hex(
            "B1EF1234 DEADBEEF CAFEBABE 44444444 BEDE0003 10AA21BB CC000033 01020304 C0FFEE 0002").array();
    private static final byte[] TWO_BYTE_SEED = RtpPacketTest.hex(
            "906F0001 00000002 00000003 10000003 01000201 BB000304 01020304 C0FFEE").array();

    @Test
    void readersNeverThrowOnGarbage() {
        SplittableRandom random = new SplittableRandom(0x5EED);
        byte[] identity = new byte[256];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = (byte) (i * 7);
        }
        byte[] mid = new byte[8];
        RetransmissionBuffer retransmissions = new RetransmissionBuffer(16, 64);
        ReceiveStatistics stats = new ReceiveStatistics(1);
        ByteBuf dst = Unpooled.buffer(256);
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            ByteBuf pkt = mutate(random, iteration);
            int readerIndex = pkt.readerIndex();
            int writerIndex = pkt.writerIndex();

            RtpPacket.isRtp(pkt);
            RtpPacket.isValid(pkt);
            RtpPacket.version(pkt);
            RtpPacket.padding(pkt);
            RtpPacket.hasExtension(pkt);
            RtpPacket.csrcCount(pkt);
            RtpPacket.marker(pkt);
            RtpPacket.payloadType(pkt);
            RtpPacket.sequenceNumber(pkt);
            RtpPacket.timestamp(pkt);
            RtpPacket.ssrc(pkt);
            RtpPacket.headerLength(pkt);
            RtpPacket.payloadOffset(pkt);
            RtpPacket.payloadLength(pkt);
            RtpPacket.paddingLength(pkt);
            for (int id = 0; id <= 16; id++) {
                int index = HeaderExtensions.find(pkt, id);
                HeaderExtensions.length(pkt, index);
                HeaderExtensions.length(pkt, random.nextInt(-4, 80));
            }
            HeaderExtensions.find(pkt, 255);
            AudioLevel.read(pkt, 1);
            AbsSendTime.read(pkt, 3);
            TransportWideSequence.read(pkt, 2);
            Mid.read(pkt, 3, mid);
            Mid.matches(pkt, 1, mid);
            Mid.toString(pkt, 2);
            dst.clear();
            HeaderExtensions.copyRemapped(pkt, dst, identity);
            stats.update(pkt, iteration, 48_000);
            retransmissions.put(pkt);
            dst.clear();
            retransmissions.copyTo(random.nextInt(65536), dst);

            assertEquals(readerIndex, pkt.readerIndex());
            assertEquals(writerIndex, pkt.writerIndex());
        }
    }

    private static ByteBuf mutate(SplittableRandom random, int iteration) {
        byte[] bytes;
        switch (iteration % 3) {
            case 0 -> {
                bytes = new byte[random.nextInt(0, 48)];
                random.nextBytes(bytes);
                if (bytes.length > 0 && random.nextBoolean()) {
                    bytes[0] = (byte) (0x80 | bytes[0] & 0x3F);
                }
            }
            case 1 -> bytes = corrupt(random, ONE_BYTE_SEED);
            default -> bytes = corrupt(random, TWO_BYTE_SEED);
        }
        int prefix = random.nextInt(0, 4);
        ByteBuf buf = Unpooled.buffer(prefix + bytes.length + 4);
        buf.writeZero(prefix).writeBytes(bytes);
        buf.readerIndex(prefix);
        return buf;
    }

    private static byte[] corrupt(SplittableRandom random, byte[] seed) {
        byte[] bytes = Arrays.copyOf(seed, random.nextInt(0, seed.length + 1));
        for (int flips = random.nextInt(0, 4); flips > 0 && bytes.length > 0; flips--) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
