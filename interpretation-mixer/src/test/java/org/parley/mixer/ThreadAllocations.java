package org.parley.mixer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether code allocates on the Java heap, measured by HotSpot's count of the bytes the calling thread
 * allocated, one cycle of the code at a time.
 *
 * <p>A cycle during which the JIT deoptimises a method or customises a method handle allocates a few
 * hundred bytes once, at a time the machine's load decides; an allocation per frame or per packet shows
 * in every cycle. So code allocates nothing if one of several measured cycles allocated nothing.
 */
public final class ThreadAllocations {

    /** Cycles measured at the most, each after the one before allocated. */
    public static final int CYCLES = 5;

    /** One cycle of the code under test; {@code n} counts the measured cycles from 0. */
    @FunctionalInterface
    public interface Cycle<E extends Exception> {
        void run(int n) throws E;
    }

    private ThreadAllocations() {
    }

    /**
     * Runs {@code cycle} on this thread until a run allocates nothing, {@link #CYCLES} runs at the most, and
     * fails naming the bytes each run allocated if none was free of allocation. Warm the code up first.
     *
     * @param what the cycle, for the failure: e.g. "cycles of 50 frames"
     */
    public static <E extends Exception> void assertSomeCycleAllocatesNothing(String what, Cycle<E> cycle) throws E {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Long> allocated = new ArrayList<>();
        for (int n = 0; n < CYCLES && !allocated.contains(0L); n++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            cycle.run(n);
            allocated.add(threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(allocated.contains(0L), "bytes allocated by each of " + CYCLES + " " + what + ": " + allocated);
    }
}
