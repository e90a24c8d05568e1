package org.parley.mixer.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.mixer.measure.SpeechWav;

class AsrWorkerTest {

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void recognisesOnTheWorkerThreadWhatTheMixerThreadOffers(@TempDir Path dir) throws Exception {
        short[] speech = SpeechWav.speak(PocketSphinxEngineTest.VOICE, PocketSphinxEngineTest.WORDS_PER_MINUTE,
                PocketSphinxEngineTest.SENTENCE, dir.resolve("sentence.wav"), -23);
        short[] channel = new short[48_000 + speech.length + 48_000];
        System.arraycopy(speech, 0, channel, 48_000, speech.length);
        PocketSphinxEngine engine = PocketSphinxEngine.create();
        PocketSphinxEngineTest.Heard heard = new PocketSphinxEngineTest.Heard();
        try (AsrWorker worker = new AsrWorker("asr-test")) {
            AsrFeed feed = worker.add(() -> engine.open("en", heard));
            short[] frame = new short[960];
            for (int offset = 0; offset + 960 <= channel.length; offset += 960) {
                System.arraycopy(channel, offset, frame, 0, 960);
                // This thread plays the mixer, faster than real time: it waits for room a mixer would not.
                while (!feed.offer(frame, 960)) {
                    Thread.sleep(5);
                }
            }
            worker.remove(feed);
            await("the channel to be closed", () -> worker.channels() == 0);
            assertEquals(0, worker.failedSessions());
        }
        PocketSphinxEngineTest.assertMostWordsOnce(heard.finals);
        assertEquals(Set.of("asr-test"), heard.threads);
    }

    @Test
    void aFullFeedDropsAndCounts() {
        AsrFeed feed = new AsrFeed(1024);
        short[] frame = new short[960];
        assertTrue(feed.offer(frame, 960));
        assertFalse(feed.offer(frame, 960));
        assertEquals(960, feed.droppedSamples());
        short[] out = new short[600];
        assertEquals(600, feed.poll(out));
        assertTrue(feed.offer(frame, 500)); // wraps around the ring's end
        assertEquals(600, feed.poll(out));
        assertEquals(260, feed.poll(out));
        assertEquals(0, feed.poll(out));
    }

    @Test
    void aSessionThatCannotOpenIsCountedAndTheWorkerGoesOn() throws Exception {
        PocketSphinxEngine engine = PocketSphinxEngine.create();
        try (AsrWorker worker = new AsrWorker("asr-test-failing")) {
            worker.add(() -> engine.open("fr", new PocketSphinxEngineTest.Heard()));
            await("the failure to be counted", () -> worker.failedSessions() == 1);
            PocketSphinxEngineTest.Heard heard = new PocketSphinxEngineTest.Heard();
            AsrFeed feed = worker.add(() -> engine.open("en", heard));
            assertTrue(feed.offer(new short[960], 960));
            worker.remove(feed);
            await("the good channel to close", () -> worker.channels() == 0);
            assertEquals(1, worker.failedSessions());
        }
    }
}
