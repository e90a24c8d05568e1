package org.parley.media.icetcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.parley.media.fuzz.TrackingAllocator;

/**
 * Coverage-guided fuzzing of the ICE-TCP framing decoder (RFC 4571 §2) with a byte stream cut into
 * TCP segments where the fuzzer says. The contract: the packets that come out are exactly those a
 * reference reading of the stream finds, whatever the segmentation; a length above
 * {@link Rfc4571FrameDecoder#MAX_PACKET} ends the stream with {@link TooLongFrameException} (the only
 * exception); every segment, cumulation and emitted packet is released.
 */
class Rfc4571FrameDecoderFuzzTest {

    private final TrackingAllocator alloc = new TrackingAllocator();

    @FuzzTest(maxDuration = "60s")
    void segmentedStreams(FuzzedDataProvider data) {
        TrackingAllocator.assertNoDetectedLeaks();
        int segments = data.consumeInt(1, 16);
        int[] cuts = new int[segments];
        for (int i = 0; i < segments; i++) {
            cuts[i] = data.consumeInt(0, 4096);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        List<byte[]> expected = new ArrayList<>();
        boolean tooLong = reference(stream, expected);

        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new Rfc4571FrameDecoder());
        List<byte[]> decoded = new ArrayList<>();
        boolean failed = false;
        int at = 0;
        for (int i = 0; at < stream.length && !failed; i++) {
            int length = i < segments - 1 ? Math.min(cuts[i], stream.length - at) : stream.length - at;
            ByteBuf segment = alloc.buffer(length);
            segment.writeBytes(stream, at, length);
            at += length;
            try {
                channel.writeInbound(segment);
            } catch (TooLongFrameException e) {
                failed = true;
            }
            drain(channel, decoded);
        }
        assertEquals(tooLong, failed, "TooLongFrameException expected " + tooLong);
        assertEquals(expected.size(), decoded.size(), "number of packets");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), decoded.get(i), "packet " + i);
        }
        channel.finishAndReleaseAll();
        assertNull(channel.readInbound());
        alloc.assertAllReleased("after the stream");
    }

    private static void drain(EmbeddedChannel channel, List<byte[]> decoded) {
        for (ByteBuf packet; (packet = channel.readInbound()) != null; ) {
            decoded.add(ByteBufUtil.getBytes(packet));
            packet.release(); // a retained slice of the cumulation: the final check sees what stays referenced
        }
    }

    /** Whole frames in order; true if a length field above the limit ends the stream. */
    private static boolean reference(byte[] stream, List<byte[]> frames) {
        int at = 0;
        while (at + 2 <= stream.length) {
            int length = (stream[at] & 0xFF) << 8 | stream[at + 1] & 0xFF;
            if (length > Rfc4571FrameDecoder.MAX_PACKET) {
                return true;
            }
            if (at + 2 + length > stream.length) {
                return false;
            }
            frames.add(Arrays.copyOfRange(stream, at + 2, at + 2 + length));
            at += 2 + length;
        }
        return false;
    }
}
