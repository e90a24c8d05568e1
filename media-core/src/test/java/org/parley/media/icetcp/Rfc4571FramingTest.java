package org.parley.media.icetcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** RFC 4571 framing both ways, however TCP cuts or joins the stream. */
class Rfc4571FramingTest {

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static byte[] framed(byte[]... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] packet : packets) {
            out.write(packet.length >>> 8);
            out.write(packet.length & 0xFF);
            out.writeBytes(packet);
        }
        return out.toByteArray();
    }

    private static void assertNextPacket(EmbeddedChannel channel, byte[] expected) {
        ByteBuf packet = channel.readInbound();
        try {
            assertArrayEquals(expected, ByteBufUtil.getBytes(packet));
        } finally {
            packet.release();
        }
    }

    @Test
    void mergedFramesComeOutOneByOne() {
        EmbeddedChannel channel = new EmbeddedChannel(new Rfc4571FrameDecoder());
        byte[] a = random(20);
        byte[] b = random(1200);
        byte[] c = random(1);
        channel.writeInbound(Unpooled.wrappedBuffer(framed(a, b, c)));
        assertNextPacket(channel, a);
        assertNextPacket(channel, b);
        assertNextPacket(channel, c);
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void framesSplitAnywhereAreReassembled() {
        byte[] a = random(100);
        byte[] b = random(Rfc4571FrameDecoder.MAX_PACKET);
        byte[] stream = framed(a, b);
        for (int chunk : new int[] {1, 2, 3, 7, 101, 1500}) {
            EmbeddedChannel channel = new EmbeddedChannel(new Rfc4571FrameDecoder());
            for (int offset = 0; offset < stream.length; offset += chunk) {
                int length = Math.min(chunk, stream.length - offset);
                channel.writeInbound(Unpooled.wrappedBuffer(stream, offset, length));
            }
            assertNextPacket(channel, a);
            assertNextPacket(channel, b);
            assertNull(channel.readInbound(), "chunks of " + chunk);
            assertFalse(channel.finish());
        }
    }

    @Test
    void aFrameAboveTheLimitFailsAsSoonAsItsLengthIsRead() {
        EmbeddedChannel channel = new EmbeddedChannel(new Rfc4571FrameDecoder());
        int tooLong = Rfc4571FrameDecoder.MAX_PACKET + 1;
        // Only the length field and one byte: fail fast, without waiting for (or buffering) the frame.
        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(
                Unpooled.wrappedBuffer(new byte[] {(byte) (tooLong >>> 8), (byte) tooLong, 0x17})));
        assertNull(channel.readInbound());
        channel.finishAndReleaseAll();
    }

    @Test
    void anEmptyFrameIsPassedOnEmpty() {
        EmbeddedChannel channel = new EmbeddedChannel(new Rfc4571FrameDecoder());
        byte[] a = random(12);
        channel.writeInbound(Unpooled.wrappedBuffer(framed(new byte[0], a)));
        assertNextPacket(channel, new byte[0]);
        assertNextPacket(channel, a);
        assertFalse(channel.finish());
    }

    @Test
    void encoderPrefixesTheLengthAndReleasesThePacket() {
        EmbeddedChannel channel = new EmbeddedChannel(new Rfc4571FrameEncoder());
        byte[] a = random(300);
        ByteBuf packet = Unpooled.copiedBuffer(a);
        channel.writeOutbound(packet);
        assertEquals(0, packet.refCnt(), "the encoder owns and releases what it is given");
        ByteBuf frame = channel.readOutbound();
        try {
            assertArrayEquals(framed(a), ByteBufUtil.getBytes(frame));
        } finally {
            frame.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void encoderAndDecoderRoundTrip() {
        EmbeddedChannel out = new EmbeddedChannel(new Rfc4571FrameEncoder());
        EmbeddedChannel in = new EmbeddedChannel(new Rfc4571FrameDecoder());
        byte[][] packets = {random(1), random(172), random(1200), random(Rfc4571FrameDecoder.MAX_PACKET)};
        for (byte[] packet : packets) {
            out.writeOutbound(Unpooled.copiedBuffer(packet));
        }
        ByteBuf frame;
        while ((frame = out.readOutbound()) != null) {
            in.writeInbound(frame);
        }
        for (byte[] packet : packets) {
            assertNextPacket(in, packet);
        }
        assertFalse(out.finish());
        assertFalse(in.finish());
    }
}
