package org.parley.mixer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacketHandoffTest {

    @Test
    void deliversPacketsInOrderAndRefusesWhenFull() {
        PacketHandoff handoff = new PacketHandoff(4);
        for (int i = 0; i < 4; i++) {
            assertTrue(handoff.offer(9, i, 960L * i, i == 0, 40 + i, 1000 + i, new byte[] {1, 2, (byte) i}, 0, 3));
        }
        assertFalse(handoff.offer(9, 4, 0, false, -1, 0, new byte[1], 0, 1), "full");
        assertFalse(new PacketHandoff(4).offer(9, 0, 0, false, -1, 0, new byte[1501], 0, 1501), "larger than an MTU");

        for (int i = 0; i < 4; i++) {
            int slot = handoff.peek();
            assertTrue(slot >= 0);
            assertEquals(9, handoff.ssrc(slot));
            assertEquals(i, handoff.sequenceNumber(slot));
            assertEquals(960L * i, handoff.timestamp(slot));
            assertEquals(i == 0, handoff.marker(slot));
            assertEquals(40 + i, handoff.audioLevel(slot));
            assertEquals(1000 + i, handoff.arrivalNanos(slot));
            assertArrayEquals(new byte[] {1, 2, (byte) i}, Arrays.copyOf(handoff.payload(slot), handoff.length(slot)));
            handoff.release(slot);
            if (i == 0) {
                assertTrue(handoff.offer(9, 4, 0, false, -1, 0, new byte[] {4}, 0, 1), "room again after a take");
            }
        }
        int slot = handoff.peek();
        assertEquals(4, handoff.sequenceNumber(slot));
        handoff.release(slot);
        assertEquals(-1, handoff.peek(), "empty");
    }

    @Test
    void packetsOfConcurrentProducersArriveOnceAndInEachProducersOrder() throws InterruptedException {
        PacketHandoff handoff = new PacketHandoff(8);
        int producers = 2;
        int perProducer = 5_000;
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads[p] = Thread.ofPlatform().start(() -> {
                byte[] payload = new byte[2];
                for (int n = 0; n < perProducer; n++) {
                    payload[0] = (byte) producer;
                    payload[1] = (byte) n;
                    // Bounded retry: the consumer below drains continuously.
                    for (int attempt = 0; !handoff.offer(producer, n, n, false, -1, 0, payload, 0, 2); attempt++) {
                        if (attempt > 10_000_000) {
                            throw new AssertionError("consumer stalled");
                        }
                        Thread.yield();
                    }
                }
            });
        }
        int[] next = new int[producers];
        int received = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (received < producers * perProducer && System.nanoTime() < deadline) {
            int slot = handoff.peek();
            if (slot < 0) {
                Thread.yield();
                continue;
            }
            int producer = (int) handoff.ssrc(slot);
            assertEquals(next[producer], handoff.sequenceNumber(slot), "order of producer " + producer);
            assertEquals((byte) producer, handoff.payload(slot)[0]);
            assertEquals((byte) next[producer], handoff.payload(slot)[1]);
            next[producer]++;
            received++;
            handoff.release(slot);
        }
        for (Thread thread : threads) {
            thread.join(5_000);
        }
        assertEquals(producers * perProducer, received);
        assertEquals(-1, handoff.peek());
    }
}
