package org.parley.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    static ByteBuf hex(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replaceAll("\\s", "")));
    }

    /** V=2, no P/X/CC, M=1, PT=111, seq 0x1234, ts 0xDEADBEEF, SSRC 0xCAFEBABE, 3 payload bytes. */
    private static final String SIMPLE = "80EF1234 DEADBEEF CAFEBABE 010203";

    @Test
    void readsFixedHeader() {
        ByteBuf pkt = hex(SIMPLE);
        assertTrue(RtpPacket.isRtp(pkt));
        assertTrue(RtpPacket.isValid(pkt));
        assertEquals(2, RtpPacket.version(pkt));
        assertFalse(RtpPacket.padding(pkt));
        assertFalse(RtpPacket.hasExtension(pkt));
        assertEquals(0, RtpPacket.csrcCount(pkt));
        assertTrue(RtpPacket.marker(pkt));
        assertEquals(111, RtpPacket.payloadType(pkt));
        assertEquals(0x1234, RtpPacket.sequenceNumber(pkt));
        assertEquals(0xDEADBEEFL, RtpPacket.timestamp(pkt));
        assertEquals(0xCAFEBABEL, RtpPacket.ssrc(pkt));
        assertEquals(12, RtpPacket.headerLength(pkt));
        assertEquals(12, RtpPacket.payloadOffset(pkt));
        assertEquals(3, RtpPacket.payloadLength(pkt));
        assertEquals(0, pkt.readerIndex());
        assertEquals(15, pkt.writerIndex());
    }

    @Test
    void readsRelativeToReaderIndex() {
        ByteBuf pkt = hex("FFFFFF" + SIMPLE);
        pkt.readerIndex(3);
        assertTrue(RtpPacket.isValid(pkt));
        assertEquals(0x1234, RtpPacket.sequenceNumber(pkt));
        assertEquals(3, RtpPacket.payloadLength(pkt));
        assertEquals(3, pkt.readerIndex());
    }

    @Test
    void accountsForCsrcsExtensionAndPadding() {
        // P=1, X=1, CC=2; one-word one-byte extension; 2 payload bytes then 3 padding bytes.
        ByteBuf pkt = hex("B2000001 00000002 00000003 11111111 22222222 BEDE0001 10AA0000 CCDD 000003");
        assertTrue(RtpPacket.isValid(pkt));
        assertTrue(RtpPacket.padding(pkt));
        assertTrue(RtpPacket.hasExtension(pkt));
        assertEquals(2, RtpPacket.csrcCount(pkt));
        assertEquals(12 + 8 + 8, RtpPacket.headerLength(pkt));
        assertEquals(28, RtpPacket.payloadOffset(pkt));
        assertEquals(3, RtpPacket.paddingLength(pkt));
        assertEquals(2, RtpPacket.payloadLength(pkt));
    }

    @Test
    void rejectsInconsistentLengths() {
        assertFalse(RtpPacket.isValid(hex("80EF1234 DEADBEEF CAFEBA")), "short fixed header");
        assertFalse(RtpPacket.isValid(hex("40EF1234 DEADBEEF CAFEBABE")), "version 1");
        assertFalse(RtpPacket.isValid(hex("82EF1234 DEADBEEF CAFEBABE 11111111")), "CSRC list truncated");
        assertFalse(RtpPacket.isValid(hex("90EF1234 DEADBEEF CAFEBABE BEDE0002 10AA0000")), "extension truncated");
        assertFalse(RtpPacket.isValid(hex("A0EF1234 DEADBEEF CAFEBABE 0105")), "padding longer than packet");
        assertFalse(RtpPacket.isValid(hex("A0EF1234 DEADBEEF CAFEBABE 0100")), "padding count zero");
        assertEquals(-1, RtpPacket.payloadLength(hex("A0EF1234 DEADBEEF CAFEBABE")));
        assertEquals(-1, RtpPacket.sequenceNumber(hex("80EF")));
    }

    @Test
    void separatesRtpFromRtcp() {
        assertFalse(RtpPacket.isRtp(hex("80C80006 CAFEBABE 00000000 00000000")), "SR, PT 200");
        assertFalse(RtpPacket.isRtp(hex("81CD0003 CAFEBABE 00000000 00000000")), "RTPFB, PT 205");
        assertTrue(RtpPacket.isRtp(hex("80600001 00000000 00000001")), "PT 96 without marker");
        assertFalse(RtpPacket.isRtp(hex("16FEFD00 00000000 00000000")), "DTLS");
        assertFalse(RtpPacket.isRtp(hex("00010000 2112A442 00000000")), "STUN");
    }

    @Test
    void settersWriteInPlace() {
        ByteBuf pkt = hex(SIMPLE);
        RtpPacket.setSequenceNumber(pkt, 0xFFFF);
        RtpPacket.setTimestamp(pkt, 0x1_0000_0001L);
        RtpPacket.setSsrc(pkt, 0x89ABCDEFL);
        RtpPacket.setPayloadType(pkt, 96);
        RtpPacket.setMarker(pkt, false);
        assertEquals("8060ffff 00000001 89abcdef 010203".replace(" ", ""), ByteBufUtil.hexDump(pkt));
        RtpPacket.setMarker(pkt, true);
        assertEquals(96, RtpPacket.payloadType(pkt));
        assertTrue(RtpPacket.marker(pkt));
    }
}
