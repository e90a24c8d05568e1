package org.parley.mixer.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.parley.mixer.opus.OpusDecoder;

/** The mixer calls insert and pull for every source every tick: the steady state must not allocate. */
class JitterBufferAllocationTest {

    private static final long TICK = 20_000_000L;

    @Test
    void steadyStateAllocatesNothing() {
        EncodedStream stream = EncodedStream.speech(500, 20, true);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        short[] pcm = new short[960];
        try (JitterBuffer buffer = new JitterBuffer(OpusDecoder.create(48_000, 1))) {
            run(buffer, stream, pcm, 0, 250);
            long before = threads.getCurrentThreadAllocatedBytes();
            run(buffer, stream, pcm, 250, 500);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(0, allocated, "bytes allocated by 250 insert/pull cycles with losses");
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
