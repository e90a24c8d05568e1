package org.parley.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.parley.media.fuzz.TrackingAllocator;

/**
 * Coverage-guided fuzzing of the RTP flyweight readers (RFC 3550 §5.1) and RFC 8285 header
 * extensions. The contract (package-info): malformed input yields -1/false, never an exception;
 * readers never move an index nor modify the packet; every element found lies inside the packet;
 * {@link HeaderExtensions#copyRemapped} keeps the fixed header, payload and padding unchanged and
 * writes a valid packet whose kept elements carry the same data under their new ids.
 * An input is a packet plus one trailing byte that picks the id map (read by
 * {@link FuzzedDataProvider} from the end).
 */
class RtpFuzzTest {

    private static final byte[][] ID_MAPS = {identity(), shifted(), dropping(), toTwoByte()};
    private final TrackingAllocator alloc = new TrackingAllocator();

    @FuzzTest(maxDuration = "60s")
    void packets(FuzzedDataProvider data) {
        TrackingAllocator.assertNoDetectedLeaks();
        byte[] idMap = ID_MAPS[data.consumeInt(0, ID_MAPS.length - 1)];
        byte[] bytes = data.consumeRemainingAsBytes();
        ByteBuf pkt = alloc.copyOf(bytes, bytes.length % 5);
        int readerIndex = pkt.readerIndex();

        boolean valid = RtpPacket.isValid(pkt);
        RtpPacket.isRtp(pkt);
        if (valid) {
            int payloadOffset = RtpPacket.payloadOffset(pkt);
            int payloadLength = RtpPacket.payloadLength(pkt);
            assertTrue(RtpPacket.headerLength(pkt) >= RtpPacket.FIXED_HEADER_LENGTH);
            assertTrue(payloadOffset >= RtpPacket.FIXED_HEADER_LENGTH && payloadOffset <= pkt.readableBytes());
            assertTrue(payloadLength >= 0 && payloadOffset + payloadLength + RtpPacket.paddingLength(pkt) == pkt.readableBytes(),
                    "payload and padding run past the packet");
            RtpPacket.sequenceNumber(pkt);
            RtpPacket.timestamp(pkt);
            RtpPacket.ssrc(pkt);
            RtpPacket.marker(pkt);
            RtpPacket.payloadType(pkt);
            RtpPacket.csrcCount(pkt);
        }
        byte[] mid = new byte[16];
        for (int id = 0; id <= 255; id++) {
            int at = HeaderExtensions.find(pkt, id);
            if (at >= 0) {
                int length = HeaderExtensions.length(pkt, at);
                assertTrue(length >= 0 && at >= readerIndex && at + length <= pkt.writerIndex(),
                        "element " + id + " at " + at + " length " + length + " outside the packet");
            }
            if (id <= 15) {
                AudioLevel.read(pkt, id);
                AbsSendTime.read(pkt, id);
                TransportWideSequence.read(pkt, id);
                Mid.read(pkt, id, mid);
                Mid.toString(pkt, id);
            }
        }
        assertEquals(readerIndex, pkt.readerIndex());
        assertArrayEquals(bytes, ByteBufUtil.getBytes(pkt), "a reader modified the packet");

        ByteBuf dst = alloc.buffer(64, bytes.length % 3 == 0 ? 256 : 4096);
        dst.writeByte(0x7E); // readers must work from dst's reader index, not 0
        dst.readerIndex(1);
        int written = HeaderExtensions.copyRemapped(pkt, dst, idMap);
        assertArrayEquals(bytes, ByteBufUtil.getBytes(pkt), "copyRemapped modified its source");
        if (written < 0) {
            assertEquals(1, dst.writerIndex(), "copyRemapped failed but wrote bytes");
        } else {
            assertTrue(valid, "copyRemapped accepted a packet isValid rejects");
            assertEquals(written, dst.readableBytes());
            assertTrue(RtpPacket.isValid(dst), "copyRemapped wrote an invalid packet");
            assertEquals(RtpPacket.sequenceNumber(pkt), RtpPacket.sequenceNumber(dst));
            assertEquals(RtpPacket.timestamp(pkt), RtpPacket.timestamp(dst));
            assertEquals(RtpPacket.ssrc(pkt), RtpPacket.ssrc(dst));
            assertEquals(RtpPacket.payloadType(pkt), RtpPacket.payloadType(dst));
            assertEquals(RtpPacket.marker(pkt), RtpPacket.marker(dst));
            assertArrayEquals(tail(pkt), tail(dst), "payload or padding changed");
        }
        dst.release();
        pkt.release();
        alloc.assertAllReleased("after one packet");
    }

    private static byte[] tail(ByteBuf pkt) {
        int from = pkt.readerIndex() + RtpPacket.payloadOffset(pkt);
        return ByteBufUtil.getBytes(pkt, from, pkt.writerIndex() - from);
    }

    private static byte[] identity() {
        byte[] map = new byte[256];
        for (int i = 0; i < map.length; i++) {
            map[i] = (byte) i;
        }
        return map;
    }

    private static byte[] shifted() {
        byte[] map = new byte[16];
        for (int i = 1; i < map.length; i++) {
            map[i] = (byte) (15 - i);
        }
        return map;
    }

    private static byte[] dropping() {
        byte[] map = identity();
        for (int i = 0; i < map.length; i += 2) {
            map[i] = 0;
        }
        return map;
    }

    private static byte[] toTwoByte() {
        byte[] map = new byte[256];
        for (int i = 1; i < map.length; i++) {
            map[i] = (byte) (i + 20);
        }
        return map;
    }
}
