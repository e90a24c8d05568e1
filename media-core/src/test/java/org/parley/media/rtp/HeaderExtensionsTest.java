package org.parley.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.media.rtp.RtpPacketTest.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderExtensionsTest {

    private static final String FIXED_X = "906F0001 00000002 00000003";
    private static final String PAYLOAD = "C0FFEE";

    /** RFC 8285 §4.2 example: ids 1 (L=0), 2 (L=1), two padding bytes, 3 (L=3). */
    private static final String RFC_ONE_BYTE = "BEDE0003 10AA21BB CC000033 01020304";
    /** RFC 8285 §4.3 example: ids 1 (L=0), 2 (L=1), one padding byte, 3 (L=4). */
    private static final String RFC_TWO_BYTE = "10000003 01000201 BB000304 01020304";

    @Test
    void findsElementsOfRfc8285OneByteExample() {
        ByteBuf pkt = hex(FIXED_X + RFC_ONE_BYTE + PAYLOAD);
        assertTrue(RtpPacket.isValid(pkt));
        int one = HeaderExtensions.find(pkt, 1);
        assertEquals(17, one);
        assertEquals(1, HeaderExtensions.length(pkt, one));
        assertEquals(0xAA, pkt.getUnsignedByte(one));
        int two = HeaderExtensions.find(pkt, 2);
        assertEquals(2, HeaderExtensions.length(pkt, two));
        assertEquals(0xBBCC, pkt.getUnsignedShort(two));
        int three = HeaderExtensions.find(pkt, 3);
        assertEquals(4, HeaderExtensions.length(pkt, three));
        assertEquals(0x01020304, pkt.getInt(three));
        assertEquals(-1, HeaderExtensions.find(pkt, 4));
        assertEquals(-1, HeaderExtensions.find(pkt, 0));
        assertEquals(3, RtpPacket.payloadLength(pkt));
    }

    @Test
    void findsElementsOfRfc8285TwoByteExample() {
        ByteBuf pkt = hex(FIXED_X + RFC_TWO_BYTE + PAYLOAD);
        int one = HeaderExtensions.find(pkt, 1);
        assertEquals(0, HeaderExtensions.length(pkt, one));
        int two = HeaderExtensions.find(pkt, 2);
        assertEquals(1, HeaderExtensions.length(pkt, two));
        assertEquals(0xBB, pkt.getUnsignedByte(two));
        int three = HeaderExtensions.find(pkt, 3);
        assertEquals(4, HeaderExtensions.length(pkt, three));
        assertEquals(0x01020304, pkt.getInt(three));
        assertEquals(-1, HeaderExtensions.find(pkt, 200));
    }

    @Test
    void stopsAtOneByteIdFifteen() {
        ByteBuf pkt = hex(FIXED_X + "BEDE0001 F0102AAA" + PAYLOAD);
        assertEquals(-1, HeaderExtensions.find(pkt, 1));
    }

    @Test
    void rejectsElementOverrunningBlock() {
        ByteBuf pkt = hex(FIXED_X + "BEDE0001 00000030 01020304" + PAYLOAD);
        assertEquals(-1, HeaderExtensions.find(pkt, 3));
        assertEquals(-1, HeaderExtensions.copyRemapped(pkt, Unpooled.buffer(), identityMap()));
    }

    @Test
    void readsAndWritesTypedElements() {
        // audio level id 1 (voice, 42 dBov), abs-send-time id 3, transport-wide seq id 5, mid id 9 "au".
        ByteBuf pkt = hex(FIXED_X + "BEDE0003 10AA3212 34564100 07916175" + PAYLOAD);
        assertTrue(RtpPacket.isValid(pkt));
        int raw = AudioLevel.read(pkt, 1);
        assertTrue(AudioLevel.isVoice(raw));
        assertEquals(42, AudioLevel.level(raw));
        assertEquals(0x123456, AbsSendTime.read(pkt, 3));
        assertEquals(0x0007, TransportWideSequence.read(pkt, 4));
        assertEquals(-1, TransportWideSequence.read(pkt, 5));

        byte[] mid = new byte[16];
        assertEquals(2, Mid.read(pkt, 9, mid));
        assertEquals("au", new String(mid, 0, 2, StandardCharsets.US_ASCII));
        assertTrue(Mid.matches(pkt, 9, "au".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(Mid.matches(pkt, 9, "a".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("au", Mid.toString(pkt, 9));
        assertNull(Mid.toString(pkt, 10));
        assertEquals(-1, Mid.read(pkt, 9, new byte[1]));

        assertTrue(AudioLevel.write(pkt, 1, false, 127));
        assertEquals(127, AudioLevel.read(pkt, 1));
        assertTrue(AbsSendTime.write(pkt, 3, 0xABCDEF));
        assertEquals(0xABCDEF, AbsSendTime.read(pkt, 3));
        assertTrue(TransportWideSequence.write(pkt, 4, 65535));
        assertEquals(65535, TransportWideSequence.read(pkt, 4));
        assertFalse(TransportWideSequence.write(pkt, 6, 1));
        assertEquals(0xABCDEF, AbsSendTime.read(pkt, 3), "neighbours untouched");
        assertEquals(2, Mid.read(pkt, 9, mid));
    }

    @Test
    void absSendTimeIsSixPointEighteenFixedPoint() {
        assertEquals(0, AbsSendTime.fromNanos(0));
        assertEquals(1 << 18, AbsSendTime.fromNanos(1_000_000_000L));
        assertEquals(1 << 17, AbsSendTime.fromNanos(500_000_000L));
        assertEquals((63 << 18) | (1 << 16), AbsSendTime.fromNanos(63_250_000_000L));
        assertEquals(1 << 18, AbsSendTime.fromNanos(65_000_000_000L), "wraps every 64 s");
        assertEquals(250_000_000L, AbsSendTime.toNanos(1 << 16));
        long large = 1_000_000L * 1_000_000_000L + 750_000_000L;
        assertEquals((1_000_000 % 64) << 18 | 3 << 16, AbsSendTime.fromNanos(large));
    }

    @Test
    void copyRemappedOneByteDropsAndRenumbers() {
        ByteBuf src = hex(FIXED_X + RFC_ONE_BYTE + PAYLOAD);
        byte[] map = new byte[16];
        map[1] = 7;   // keep, renumbered
        map[2] = 0;   // drop
        map[3] = 14;  // keep, renumbered
        ByteBuf dst = Unpooled.buffer();
        int written = HeaderExtensions.copyRemapped(src, dst, map);
        // 1 + 1 + 1 + 4 = 7 element bytes, padded to 8.
        assertEquals(hex(FIXED_X + "BEDE0002 70AAE301 02030400" + PAYLOAD), dst);
        assertEquals(dst.readableBytes(), written);
        assertEquals(0, src.readerIndex());
    }

    @Test
    void copyRemappedTwoByteFallsBackToOneByteWhenEverythingFits() {
        ByteBuf src = hex(FIXED_X + RFC_TWO_BYTE + PAYLOAD);
        byte[] map = new byte[256];
        map[1] = 0;   // drop the empty element, which the one-byte form could not carry
        map[2] = 5;
        map[3] = 6;
        ByteBuf dst = Unpooled.buffer();
        HeaderExtensions.copyRemapped(src, dst, map);
        assertEquals(hex(FIXED_X + "BEDE0002 50BB6301 02030400" + PAYLOAD), dst);
    }

    @Test
    void copyRemappedUsesTwoByteFormForLargeIdsAndEmptyElements() {
        ByteBuf src = hex(FIXED_X + RFC_TWO_BYTE + PAYLOAD);
        byte[] map = new byte[256];
        map[1] = 1;
        map[2] = (byte) 200;
        map[3] = 0;
        ByteBuf dst = Unpooled.buffer();
        HeaderExtensions.copyRemapped(src, dst, map);
        assertEquals(hex(FIXED_X + "10000002 0100C801 BB000000" + PAYLOAD), dst);

        ByteBuf oneByteSrc = hex(FIXED_X + RFC_ONE_BYTE + PAYLOAD);
        map = new byte[16];
        map[2] = (byte) 100;
        dst = Unpooled.buffer();
        HeaderExtensions.copyRemapped(oneByteSrc, dst, map);
        assertEquals(hex(FIXED_X + "10000001 6402BBCC" + PAYLOAD), dst);
        assertEquals(0xBBCC, dst.getUnsignedShort(HeaderExtensions.find(dst, 100)));
    }

    @Test
    void copyRemappedRemovesEmptyBlockAndKeepsPaddingAndCsrcs() {
        // CC=1, P=1: payload C0FFEE then 2 padding bytes.
        ByteBuf src = hex("B16F0001 00000002 00000003 44444444" + RFC_ONE_BYTE + PAYLOAD + "0002");
        ByteBuf dst = Unpooled.buffer();
        int written = HeaderExtensions.copyRemapped(src, dst, new byte[0]);
        assertEquals(hex("A16F0001 00000002 00000003 44444444" + PAYLOAD + "0002"), dst);
        assertEquals(21, written);
        assertTrue(RtpPacket.isValid(dst));
        assertEquals(3, RtpPacket.payloadLength(dst));
    }

    @Test
    void copyRemappedCopiesPacketsWithoutRfc8285Block() {
        ByteBuf plain = hex("806F0001 00000002 00000003" + PAYLOAD);
        ByteBuf dst = Unpooled.buffer();
        assertEquals(15, HeaderExtensions.copyRemapped(plain, dst, identityMap()));
        assertEquals(plain, dst);

        ByteBuf otherProfile = hex(FIXED_X + "ABCD0001 01020304" + PAYLOAD);
        dst = Unpooled.buffer();
        HeaderExtensions.copyRemapped(otherProfile, dst, identityMap());
        assertEquals(otherProfile, dst);
    }

    @Test
    void copyRemappedWritesNothingForMalformedPacket() {
        ByteBuf dst = Unpooled.buffer();
        assertEquals(-1, HeaderExtensions.copyRemapped(hex("906F0001 00000002 00000003 BEDE0004 10AA"), dst,
                identityMap()));
        assertEquals(0, dst.writerIndex());
        ByteBuf tiny = Unpooled.buffer(4, 8);
        assertEquals(-1, HeaderExtensions.copyRemapped(hex(FIXED_X + RFC_ONE_BYTE + PAYLOAD), tiny, identityMap()));
        assertEquals(0, tiny.writerIndex());
    }

    @Test
    void copyRemappedAppendsAtWriterIndex() {
        ByteBuf dst = Unpooled.buffer();
        dst.writeInt(0x01020304);
        ByteBuf src = hex(FIXED_X + RFC_ONE_BYTE + PAYLOAD);
        int written = HeaderExtensions.copyRemapped(src, dst, identityMap());
        assertEquals(4 + written, dst.writerIndex());
        assertEquals(0x01020304, dst.getInt(0));
        dst.readerIndex(4);
        assertEquals(0x01020304, dst.getInt(HeaderExtensions.find(dst, 3)));
        assertArrayEquals(ByteBufUtil.getBytes(src, 0, 12), ByteBufUtil.getBytes(dst, 4, 12));
    }

    private static byte[] identityMap() {
        byte[] map = new byte[256];
        for (int i = 0; i < map.length; i++) {
            map[i] = (byte) i;
        }
        return map;
    }
}
