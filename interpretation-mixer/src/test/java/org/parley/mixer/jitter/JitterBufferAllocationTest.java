package org.parley.mixer.jitter;

import org.junit.jupiter.api.Test;
import org.parley.mixer.ThreadAllocations;
import org.parley.mixer.opus.OpusDecoder;

/** The mixer calls insert and pull for every source every tick: the steady state must not allocate. */
class JitterBufferAllocationTest {

    private static final long TICK = 20_000_000L;
    private static final int CYCLE = 250;

    @Test
    void steadyStateAllocatesNothing() {
        // A warm-up cycle, then the measured ones, each continuing the stream where the one before stopped.
        EncodedStream stream = EncodedStream.speech((1 + ThreadAllocations.CYCLES) * CYCLE, 20, true);
        short[] pcm = new short[960];
        try (JitterBuffer buffer = new JitterBuffer(OpusDecoder.create(48_000, 1))) {
            run(buffer, stream, pcm, 0, CYCLE);
            ThreadAllocations.assertSomeCycleAllocatesNothing("cycles of " + CYCLE + " insert/pull with losses",
                    n -> run(buffer, stream, pcm, (n + 1) * CYCLE, (n + 2) * CYCLE));
        }
    }

    private static void run(JitterBuffer buffer, EncodedStream stream, short[] pcm, int from, int to) {
        for (int i = from; i < to; i++) {
            if (i % 10 != 3) { // exercise FEC recovery and concealment too
                byte[] packet = stream.packets[i];
                buffer.insert(i, stream.timestamp(i), packet, 0, packet.length, i * TICK);
            }
            buffer.pull(pcm);
        }
    }
}
