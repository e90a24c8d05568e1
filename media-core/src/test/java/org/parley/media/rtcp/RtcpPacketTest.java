package org.parley.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtcpPacketTest {

    static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replaceAll("\\s", "")));
    }

    static final String RR_EMPTY = "80C90001 01020304";
    static final String SDES_CNAME = "81CA0004 01020304 01086162 63646566 67680000";
    static final String BYE = "81CB0001 01020304";

    @Test
    void walksCompoundPacket() {
        ByteBuf buf = hex("FFFF" + RR_EMPTY + SDES_CNAME + BYE);
        buf.readerIndex(2);
        assertTrue(RtcpPacket.isRtcp(buf));
        assertTrue(RtcpPacket.isValidCompound(buf));
        int[] types = new int[4];
        int[] offsets = new int[4];
        int n = 0;
        for (int off = RtcpPacket.first(buf); off >= 0; off = RtcpPacket.next(buf, off)) {
            types[n] = RtcpPacket.packetType(buf, off);
            offsets[n++] = off;
        }
        assertEquals(3, n);
        assertEquals(RtcpPacket.RR, types[0]);
        assertEquals(RtcpPacket.SDES, types[1]);
        assertEquals(RtcpPacket.BYE, types[2]);
        assertEquals(2, offsets[0]);
        assertEquals(10, offsets[1]);
        assertEquals(30, offsets[2]);
        assertEquals(2, RtcpPacket.version(buf, 10));
        assertFalse(RtcpPacket.padding(buf, 10));
        assertEquals(1, RtcpPacket.count(buf, 10));
        assertEquals(4, RtcpPacket.lengthWords(buf, 10));
        assertEquals(20, RtcpPacket.packetLength(buf, 10));
        assertEquals(0x01020304L, RtcpPacket.senderSsrc(buf, 2));
        assertEquals(2, buf.readerIndex());
    }

    @Test
    void stopsAtTruncatedOrForeignPacket() {
        ByteBuf truncated = hex(RR_EMPTY + "81CA0004 01020304");
        assertEquals(-1, RtcpPacket.next(truncated, RtcpPacket.first(truncated)));
        assertFalse(RtcpPacket.isValidCompound(truncated));

        ByteBuf version1 = hex(RR_EMPTY + "41CB0001 01020304");
        assertEquals(-1, RtcpPacket.next(version1, 0));
        assertFalse(RtcpPacket.isValidCompound(version1));

        assertEquals(-1, RtcpPacket.first(hex("80C9")));
        assertFalse(RtcpPacket.isValidCompound(Unpooled.EMPTY_BUFFER));
    }

    @Test
    void acceptsPaddingOnlyInLastPacket() {
        // RR with 4 bytes of padding (P=1, last octet 4).
        String paddedRr = "A0C90002 01020304 00000004";
        ByteBuf last = hex(RR_EMPTY + paddedRr);
        assertTrue(RtcpPacket.isValidCompound(last));
        assertEquals(0x01020304L, RtcpPacket.senderSsrc(last, 8));
        assertFalse(RtcpPacket.isValidCompound(hex(paddedRr + RR_EMPTY)));
        assertFalse(RtcpPacket.isValidCompound(hex("A0C90002 01020304 00000009")), "padding beyond packet");
    }

    @Test
    void distinguishesRtcpFromRtp() {
        assertTrue(RtcpPacket.isRtcp(hex(RR_EMPTY)));
        assertFalse(RtcpPacket.isRtcp(hex("80600001 00000000 00000001")));
        assertFalse(RtcpPacket.isRtcp(hex("80C9")));
    }

    @Test
    void gettersRejectOffsetsOutsideTheBuffer() {
        ByteBuf buf = hex(RR_EMPTY);
        assertEquals(-1, RtcpPacket.packetType(buf, -1));
        assertEquals(-1, RtcpPacket.packetType(buf, 7));
        assertEquals(-1, RtcpPacket.senderSsrc(buf, 4));
        assertEquals(-1, RtcpPacket.mediaSsrc(buf, 0));
        assertEquals(-1, RtcpPacket.lengthWords(buf, 100));
    }
}
