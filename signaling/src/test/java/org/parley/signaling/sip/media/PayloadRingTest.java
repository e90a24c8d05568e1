package org.parley.signaling.sip.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.parley.media.router.Producer;

class PayloadRingTest {

    private final Producer english = Producer.local("channel/m/en/mixed/standard", "audio", 1, 111, 48_000);
    private final Producer french = Producer.local("channel/m/fr/mixed/standard", "audio", 2, 111, 48_000);

    @Test
    void keepsPayloadTimestampAndSourceInOrder() {
        PayloadRing ring = new PayloadRing(4);
        ByteBuf first = rtp(960, new byte[] {1, 2, 3});
        ByteBuf second = rtp(1920, new byte[] {4, 5});
        assertTrue(ring.offer(english, first));
        assertTrue(ring.offer(french, second));
        assertEquals(1, first.refCnt(), "the caller keeps the packet");
        assertEquals(0, first.readerIndex(), "and its indices");

        assertSame(english, ring.source());
        assertEquals(960, ring.timestamp());
        assertArrayEquals(new byte[] {1, 2, 3}, Arrays.copyOf(ring.payload(), ring.length()));
        ring.remove();
        assertSame(french, ring.source());
        assertEquals(1920, ring.timestamp());
        assertArrayEquals(new byte[] {4, 5}, Arrays.copyOf(ring.payload(), ring.length()));
        ring.remove();
        assertTrue(ring.isEmpty());
        first.release();
        second.release();
    }

    @Test
    void refusesWhenFullAndMalformedPackets() {
        PayloadRing ring = new PayloadRing(2);
        ByteBuf packet = rtp(0, new byte[] {9});
        assertTrue(ring.offer(english, packet));
        assertTrue(ring.offer(english, packet));
        assertFalse(ring.offer(english, packet), "full");
        ring.remove();
        assertTrue(ring.offer(english, packet), "room again");

        PayloadRing empty = new PayloadRing(2);
        assertFalse(empty.offer(english, Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0, 0})), "truncated header");
        assertFalse(empty.offer(english, rtp(0, new byte[0])), "no payload");
        assertFalse(empty.offer(english, rtp(0, new byte[PayloadRing.MAX_PAYLOAD_BYTES + 1])), "too large");
        assertTrue(empty.isEmpty());
        packet.release();
    }

    @Test
    void capacityIsAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new PayloadRing(3));
    }

    private static ByteBuf rtp(long timestamp, byte[] payload) {
        ByteBuf packet = Unpooled.buffer();
        packet.writeByte(0x80).writeByte(111).writeShort(7).writeInt((int) timestamp).writeInt(42);
        packet.writeBytes(payload);
        return packet;
    }
}
