package org.parley.mixer.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 95th-percentile jitter equals the sorted-window definition for any order of delays, without allocating. */
class ArrivalJitterTest {

    private static final long FRAME_NANOS = 20_000_000L;

    @Test
    void percentileMatchesTheSortedWindowForRandomRisingAndFallingDelays() {
        Random random = new Random(3);
        for (int trial = 0; trial < 90; trial++) {
            ArrivalJitter jitter = new ArrivalJitter();
            int packets = 1 + random.nextInt(300);
            long[] arrivals = new long[packets];
            for (int i = 0; i < packets; i++) {
                long delay = switch (trial % 3) {
                    case 0 -> random.nextInt(50_000_000);
                    case 1 -> -i * 1000L; // sender clock fast: delays fall steadily
                    default -> i * 1000L;
                };
                arrivals[i] = i * FRAME_NANOS + delay;
                jitter.observe(i * 960L, arrivals[i]);
                assertEquals(sortedWindowJitter(arrivals, i), jitter.jitterNanos(), "trial " + trial + ", packet " + i);
            }
        }
    }

    @Test
    void steadilyFallingDelaysAllocateNothing() {
        ArrivalJitter jitter = new ArrivalJitter();
        for (int i = 0; i < 20_000; i++) {
            jitter.observe(i * 960L, i * FRAME_NANOS - i * 1000L);
            jitter.jitterNanos();
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 20_000; i < 25_000; i++) {
            jitter.observe(i * 960L, i * FRAME_NANOS - i * 1000L);
            jitter.jitterNanos();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < 1024, allocated + " bytes allocated");
    }

    private static long sortedWindowJitter(long[] arrivals, int newest) {
        int count = Math.min(newest + 1, ArrivalJitter.WINDOW);
        long[] window = new long[count];
        for (int k = 0; k < count; k++) {
            int index = newest - count + 1 + k;
            window[k] = arrivals[index] - arrivals[0] - index * FRAME_NANOS;
        }
        Arrays.sort(window);
        return window[(count - 1) * 95 / 100] - window[0];
    }
}
