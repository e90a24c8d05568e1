package org.parley.mixer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tick.MixSettings;
import org.parley.mixer.tier.EncodedFrameSink;
import org.parley.mixer.tier.TierSet;

/** Counts, not timing precision: the machine running the tests is shared and noisy. */
class MixerClockTest {

    private static final EncodedFrameSink DISCARD = (language, variant, tier, data, length, timestamp, duration) -> { };

    @Test
    void ticksRegisteredPipelinesOncePerPeriodAndStopsCleanly() throws Exception {
        MeetingPipeline first = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(), DISCARD);
        MeetingPipeline second = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(), DISCARD);
        MixerClock clock = new MixerClock("test-mixer", 2, 20);
        try {
            long registered = System.nanoTime();
            clock.register(first);
            clock.register(second);
            assertThrows(IllegalArgumentException.class, () -> clock.register(first));
            assertEquals(2, clock.pipelineCount());

            awaitAtLeast(25, first::ticks);
            awaitAtLeast(25, second::ticks);
            long elapsed = System.nanoTime() - registered;
            // The schedule is absolute: however the threads were delayed, they never run ahead of it.
            long periods = elapsed / clock.periodNanos();
            assertTrue(first.ticks() <= periods + 2, first.ticks() + " ticks in " + periods + " periods");
            assertTrue(clock.ticks() >= 50, "both threads ticked");
            assertTrue(clock.lateTicks() <= clock.ticks());
            assertTrue(clock.tickNanosTotal() > 0 && clock.tickNanosMax() > 0);

            clock.unregister(first).get(5, TimeUnit.SECONDS);
            long frozen = first.ticks();
            long before = second.ticks();
            awaitAtLeast(before + 5, second::ticks);
            assertEquals(frozen, first.ticks(), "not ticked after unregister completed");
            assertEquals(1, clock.pipelineCount());
        } finally {
            clock.close();
        }
        assertFalse(clock.isRunning(), "threads stopped");
        long stopped = second.ticks();
        Thread.sleep(100);
        assertEquals(stopped, second.ticks(), "no tick after close");
        assertTrue(clock.unregister(second).isDone());
        assertThrows(IllegalStateException.class, () -> clock.register(first));
        clock.close(); // idempotent
        first.close();
        second.close();
    }

    @Test
    void aFailingPipelineIsCountedAndDoesNotStopTheThread() throws Exception {
        EncodedFrameSink failing = (language, variant, tier, data, length, timestamp, duration) -> {
            throw new IllegalStateException("sink broke");
        };
        try (MeetingPipeline broken = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(), failing);
             MeetingPipeline healthy = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(), DISCARD);
             MixerClock clock = new MixerClock("test-mixer", 1, 10)) {
            broken.addLanguage("fr");
            broken.setListeners("fr", Variant.CLEAN, TierSet.STANDARD, 1);
            clock.register(broken);
            clock.register(healthy);
            awaitAtLeast(20, healthy::ticks);
            assertTrue(clock.failedTicks() > 0, "failures counted");
            assertTrue(clock.isRunning());
            clock.unregister(broken).get(5, TimeUnit.SECONDS);
            clock.unregister(healthy).get(5, TimeUnit.SECONDS);
        }
    }

    private static void awaitAtLeast(long count, LongSupplier ticks) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (ticks.getAsLong() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + ticks.getAsLong() + " of " + count + " ticks within 20 s");
            }
            Thread.sleep(10);
        }
    }
}
