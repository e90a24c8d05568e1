package org.parley.mixer.opus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.mixer.AudioAnalysis;

/** Encoding and decoding copy through native scratch buffers: nothing lands on the Java heap. */
class OpusAllocationTest {

    private static final int FRAME = 960;

    @Test
    void encodeDecodeAndConcealAllocateNothing() throws OpusException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        short[] input = AudioAnalysis.speechLike(50 * FRAME);
        short[] output = new short[FRAME];
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = OpusEncoder.create(48_000, 1, Application.VOIP);
                OpusDecoder decoder = OpusDecoder.create(48_000, 1)) {
            encoder.setInbandFec(true);
            encoder.setPacketLossPercent(10);
            cycle(encoder, decoder, input, output, packet);
            // A cycle during which the JIT deoptimises or customises a method handle allocates a few hundred
            // bytes once (when depends on the machine's load); an allocation per frame shows in every cycle.
            // So the code allocates nothing if any of several measured cycles allocated nothing.
            List<Long> allocated = new ArrayList<>();
            for (int attempt = 0; attempt < 5 && !allocated.contains(0L); attempt++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                cycle(encoder, decoder, input, output, packet);
                allocated.add(threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertTrue(allocated.contains(0L), "bytes allocated by each of 5 cycles of 50 frames: " + allocated);
        }
    }

    private static void cycle(OpusEncoder encoder, OpusDecoder decoder, short[] input, short[] output, byte[] packet)
            throws OpusException {
        for (int i = 0; i < 50; i++) {
            int length = encoder.encode(input, i * FRAME, FRAME, packet, 0, packet.length);
            switch (i % 10) {
                case 3 -> decoder.conceal(output, 0, FRAME);
                case 6 -> decoder.decode(packet, 0, length, output, 0, FRAME, true);
                default -> decoder.decode(packet, 0, length, output, 0, FRAME, false);
            }
        }
    }
}
