package org.parley.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class RetransmissionBufferTest {

    private static ByteBuf packet(int seq) {
        ByteBuf pkt = Unpooled.buffer();
        pkt.writeByte(0x80).writeByte(111).writeShort(seq).writeInt(seq * 960).writeInt(0xCAFEBABE);
        pkt.writeInt(seq); // payload names the packet
        return pkt;
    }

    private static int storedPayload(RetransmissionBuffer buffer, int seq) {
        ByteBuf dst = Unpooled.buffer();
        assertTrue(buffer.copyTo(seq, dst), "packet " + seq);
        assertEquals(16, dst.readableBytes());
        assertEquals(seq & 0xFFFF, RtpPacket.sequenceNumber(dst));
        return dst.getInt(12);
    }

    @Test
    void returnsStoredCopyAndLeavesSourceUntouched() {
        RetransmissionBuffer buffer = new RetransmissionBuffer();
        ByteBuf pkt = packet(42);
        pkt.readerIndex(0);
        assertTrue(buffer.put(pkt));
        assertEquals(0, pkt.readerIndex());
        pkt.setInt(12, -1); // the caller reuses its buffer
        assertEquals(42, storedPayload(buffer, 42));
        assertFalse(buffer.copyTo(43, Unpooled.buffer()));
        assertFalse(buffer.copyTo(41, Unpooled.buffer()));
    }

    @Test
    void keepsTheLastCapacityPacketsAcrossSequenceWrap() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(8, 64);
        for (int seq = 65530; seq < 65530 + 20; seq++) {
            assertTrue(buffer.put(packet(seq & 0xFFFF)));
        }
        int highest = (65530 + 19) & 0xFFFF; // 13
        for (int back = 0; back < 8; back++) {
            int seq = (highest - back) & 0xFFFF;
            assertEquals(seq, storedPayload(buffer, seq));
        }
        assertFalse(buffer.copyTo((highest - 8) & 0xFFFF, Unpooled.buffer()), "overwritten");
        assertFalse(buffer.copyTo(65535, Unpooled.buffer()), "overwritten before the wrap");
    }

    @Test
    void doesNotReturnStaleEntriesLeftBehindByGaps() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(8, 64);
        buffer.put(packet(100));
        buffer.put(packet(109)); // 100 keeps its slot but is now 9 behind the highest
        assertFalse(buffer.copyTo(100, Unpooled.buffer()), "outside the window although its slot survived");
        assertEquals(109, storedPayload(buffer, 109));
        assertFalse(buffer.put(packet(100)), "too old to store now");
        assertFalse(buffer.copyTo(100, Unpooled.buffer()));
    }

    @Test
    void acceptsReorderedPacketsInsideTheWindow() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(8, 64);
        buffer.put(packet(10));
        buffer.put(packet(12));
        assertTrue(buffer.put(packet(11)));
        assertEquals(11, storedPayload(buffer, 11));
        assertEquals(12, storedPayload(buffer, 12));
    }

    @Test
    void rejectsOversizedAndInvalidPacketsAndFullDestinations() {
        RetransmissionBuffer buffer = new RetransmissionBuffer(8, 15);
        assertFalse(buffer.put(packet(1)), "16 bytes do not fit a 15-byte slot");
        assertFalse(buffer.put(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})));
        buffer = new RetransmissionBuffer(8, 64);
        buffer.put(packet(1));
        ByteBuf small = Unpooled.buffer(4, 8);
        assertFalse(buffer.copyTo(1, small));
        assertEquals(0, small.writerIndex());
        buffer.clear();
        assertFalse(buffer.copyTo(1, Unpooled.buffer()));
    }

    @Test
    void rejectsCapacityThatIsNotAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RetransmissionBuffer(500, 1500));
    }
}
