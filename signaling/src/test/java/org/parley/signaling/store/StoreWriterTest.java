package org.parley.signaling.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.config.StoreConfig;

/** The store's own thread: queued log writes, their order, retries, the bounded queue, reconnection. */
class StoreWriterTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    private static ParticipationRecord join(String id, int second) {
        return new ParticipationRecord(id, "council", null, "delegate", "D " + id, T0.plusSeconds(second), null, Map.of());
    }

    @Test
    void logWritesReturnAtOnceOnASlowStoreAndLandInOrder() throws Exception {
        try (ParleyStore store = ParleyStore.open(new StoreConfig(dir, Duration.ZERO, 1, Duration.ofMillis(200)))) {
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                store.participation().joined(join("p-" + i, i));
                store.participation().left("p-" + i, T0.plusSeconds(60 + i), Map.of("floor", 1000L * i));
            }
            long queuedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // Ten writes of 200 ms each take 2 s on the store's thread; queuing them takes no disk time.
            assertTrue(queuedMillis < 1000, "queuing 10 writes took " + queuedMillis + " ms");
            List<ParticipationRecord> log = store.participation().forMeeting("council");
            assertEquals(5, log.size(), log.toString());
            for (int i = 0; i < 5; i++) {
                ParticipationRecord record = log.get(i);
                assertEquals("p-" + i, record.participantId());
                // The leave was queued right after its join and found the row: written after it.
                assertEquals(T0.plusSeconds(60 + i), record.leftAt(), record.toString());
                assertEquals(Map.of("floor", 1000L * i), record.channelMillis());
            }
        }
    }

    @Test
    void closingFinishesTheQueuedWrites() throws Exception {
        try (ParleyStore store = ParleyStore.open(new StoreConfig(dir, Duration.ZERO, 1, Duration.ofMillis(50)))) {
            for (int i = 0; i < 10; i++) {
                store.participation().joined(join("p-" + i, i));
            }
        }
        try (ParleyStore store = ParleyStore.open(dir)) {
            assertEquals(10, store.participation().forMeeting("council").size());
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfGrowing() throws Exception {
        StoreWriter writer = new StoreWriter(3);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        writer.registerMeters(registry);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try {
            writer.submit("block", () -> {
                started.countDown();
                return release.await(20, TimeUnit.SECONDS);
            });
            assertTrue(started.await(20, TimeUnit.SECONDS));
            AtomicInteger written = new AtomicInteger();
            for (int i = 0; i < 5; i++) {
                writer.write("write " + i, written::incrementAndGet);
            }
            assertEquals(3, writer.queueDepth());
            assertEquals(3.0, registry.get("parley.store.queue.depth").gauge().value());
            assertEquals(2, writer.drops());
            CompletableFuture<Object> refused = writer.submit("one more", () -> "never");
            ExecutionException e = assertThrows(ExecutionException.class, refused::get);
            assertTrue(e.getCause() instanceof StoreException && e.getCause().getMessage().contains("busy"),
                    e.getCause().toString());
            assertEquals(3.0, registry.get("parley.store.dropped").functionCounter().count());
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (writer.queueDepth() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            writer.submit("after", () -> null).get(20, TimeUnit.SECONDS);
            assertEquals(3, written.get());
            assertEquals(0, writer.queueDepth());
        } finally {
            release.countDown();
            writer.close();
        }
    }

    @Test
    void aFailingWriteIsRetriedWithBackoffThenCountedAsAFailure() throws Exception {
        StoreWriter writer = new StoreWriter(10);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        writer.registerMeters(registry);
        try {
            List<Long> attempts = new ArrayList<>();
            writer.write("fail twice", () -> {
                attempts.add(System.nanoTime());
                if (attempts.size() <= 2) {
                    throw new StoreException("disk hiccup " + attempts.size(), null);
                }
            });
            writer.write("always fail", () -> {
                throw new StoreException("dead disk", null);
            });
            writer.submit("after", () -> null).get(20, TimeUnit.SECONDS);
            assertEquals(3, attempts.size(), "two failures, then success");
            assertTrue(attempts.get(2) - attempts.get(1) > attempts.get(1) - attempts.get(0),
                    "the pause grows: " + attempts);
            assertEquals(2 + (StoreWriter.WRITE_ATTEMPTS - 1), writer.retries());
            assertEquals(1, writer.failures(), "only the write that never succeeded is a failure");
            assertEquals(1.0, registry.get("parley.store.write.failures").functionCounter().count());
            assertEquals(writer.retries(), (long) registry.get("parley.store.write.retries").functionCounter().count());
        } finally {
            writer.close();
        }
    }

    @Test
    void theNextOperationReopensAConnectionClosedUnderTheStore() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.connectionForTests().orElseThrow().close();
            store.participation().joined(join("p-1", 1));
            assertEquals(1, store.participation().forMeeting("council").size());
            assertEquals(1, store.reconnects());

            // A connection whose database was shut down under it (an SQLException meaning "broken").
            try (var statement = store.connectionForTests().orElseThrow().createStatement()) {
                statement.execute("SHUTDOWN");
            }
            assertTrue(store.meetings().insert(new StoredMeeting("council", ParleyStoreTest.spec(), T0, null)));
            assertEquals(2, store.reconnects());
            assertEquals(1, store.participation().forMeeting("council").size());
        }
    }

    @Test
    void aStoreFileThatVanishedIsNotReplacedByAnEmptyOneAndTheWriteIsRetried() throws Exception {
        try (ParleyStore store = ParleyStore.open(dir)) {
            store.participation().joined(join("p-1", 1));
            store.participation().forMeeting("council");
            store.connectionForTests().orElseThrow().close();
            Path file = ParleyStore.file(dir);
            Path away = dir.resolve("away.mv.db");
            Files.move(file, away);
            store.participation().joined(join("p-2", 2));
            // The first attempt fails (no file; an empty store is never created), and a retry finds it back.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (store.writer().retries() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(store.writer().retries() > 0, "the failed write is retried");
            Files.move(away, file);
            List<ParticipationRecord> log = store.participation().forMeeting("council");
            assertEquals(List.of("p-1", "p-2"), log.stream().map(ParticipationRecord::participantId).toList());
            assertEquals(0, store.writer().failures());
            assertNull(log.get(1).leftAt());
        }
    }
}
