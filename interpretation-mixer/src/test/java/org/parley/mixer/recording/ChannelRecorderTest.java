package org.parley.mixer.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.mixer.AudioAnalysis;
import org.parley.mixer.ThreadAllocations;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.ogg.OggPageWriter;
import org.parley.mixer.ogg.OggPages;
import org.parley.mixer.ogg.OpusTools;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.tier.TierSet;

class ChannelRecorderTest {

    private static final int FRAME = 960;

    /** {@code count} 20 ms frames of a steady tone, encoded by libopus as the standard tier does (VoIP, 24 kbit/s). */
    static List<byte[]> toneFrames(double frequency, int count) throws OpusException {
        List<byte[]> frames = new ArrayList<>();
        short[] pcm = AudioAnalysis.sine(frequency, 10_000, 48_000, 0, count * FRAME);
        byte[] out = new byte[OpusEncoder.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = OpusEncoder.create(48_000, 1, Application.VOIP)) {
            encoder.setBitrate(24_000);
            for (int i = 0; i < count; i++) {
                int length = encoder.encode(pcm, i * FRAME, FRAME, out, 0, out.length);
                frames.add(java.util.Arrays.copyOf(out, length));
            }
        }
        return frames;
    }

    private static ChannelRecorder recorder(Path file, int slots) {
        return new ChannelRecorder("fr", file, TierSet.STANDARD.encoderLookahead(), "Parley test",
                List.of("LANGUAGE=fr", "ENCODER=Parley"), Clock.systemUTC(), slots);
    }

    private static void feed(ChannelRecorder recorder, byte[] frame, long timestamp) {
        recorder.onFrame("fr", Variant.MIXED, TierSet.STANDARD, frame, frame.length, timestamp, FRAME);
    }

    @Test
    void aToneWithAGapPassesOpusinfoAndDecodesToTheToneForItsWholeDuration(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("fr.opus");
        List<byte[]> frames = toneFrames(1000, 150);
        ChannelRecorder recorder = recorder(file, ChannelRecorder.DEFAULT_SLOTS);
        RecordingWriter writer = new RecordingWriter(Duration.ofMillis(20));
        try {
            writer.add(recorder);
            long start = 123_456_789L; // the meeting's timeline does not start at 0
            for (int i = 0; i < frames.size(); i++) {
                if (i >= 60 && i < 65) {
                    continue; // five ticks the clock skipped: a 100 ms gap
                }
                feed(recorder, frames.get(i), start + (long) i * FRAME);
            }
            recorder.stop();
            RecordedFile done = recorder.finished().get(10, TimeUnit.SECONDS);
            assertNull(done.failure());
            assertEquals(5, done.concealedFrames(), "the gap is filled with one lost-frame packet per frame");
            assertEquals(150, done.packets());
            assertEquals(0, done.droppedFrames());
            assertEquals(150L * FRAME - 312, done.playableSamples());
            assertEquals(Files.size(file), done.bytes());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        } finally {
            writer.close();
        }

        OpusTools.Info info = OpusTools.info(file);
        assertEquals(0, info.exitCode(), info.output());
        assertFalse(info.warned(), info.output());
        assertTrue(info.output().contains("Pre-skip: 312"), info.output());
        assertTrue(info.output().contains("LANGUAGE=fr"), info.output());

        OpusTools.Decoded decoded = OpusTools.decode(file);
        assertEquals(0, decoded.exitCode(), decoded.output());
        assertEquals(150 * FRAME - 312, decoded.samples().length, FRAME, "duration within one frame");
        short[] pcm = decoded.samples();
        assertEquals(1000, AudioAnalysis.dominantFrequency(pcm, 10 * FRAME, 40 * FRAME, 48_000), 50);
        assertEquals(1000, AudioAnalysis.dominantFrequency(pcm, 80 * FRAME, 60 * FRAME, 48_000), 50);
        assertTrue(AudioAnalysis.rms(pcm, 100 * FRAME, 40 * FRAME) > 2000, "the tone is heard after the gap");

        List<OggPages.Page> pages = OggPages.read(Files.readAllBytes(file));
        assertEquals(OggPageWriter.END_OF_STREAM, pages.getLast().flags());
        assertEquals(150L * FRAME, pages.getLast().granule());
    }

    @Test
    void aFullRingDropsAndCountsFramesTheFileThenConceals(@TempDir Path directory) throws Exception {
        List<byte[]> frames = toneFrames(440, 20);
        ChannelRecorder recorder = recorder(directory.resolve("fr.opus"), 8);
        for (int i = 0; i < 12; i++) {
            feed(recorder, frames.get(i), (long) i * FRAME); // nobody drains: 4 find the ring full
        }
        assertEquals(4, recorder.droppedFrames());
        for (int i = 12; i < 20; i++) {
            assertFalse(recorder.drain(System.nanoTime()));
            feed(recorder, frames.get(i), (long) i * FRAME);
        }
        recorder.stop();
        assertTrue(recorder.drain(System.nanoTime()));
        RecordedFile done = recorder.finished().get();
        assertEquals(4, done.droppedFrames());
        assertEquals(4, done.concealedFrames(), "frames 8 to 11 became lost-frame packets");
        assertEquals(20L * FRAME - 312, done.playableSamples());
        assertEquals(0, OpusTools.info(done.file()).exitCode());
    }

    /** The writer's totals (the signaling meters) count every byte of every file once, and every drop. */
    @Test
    void theWritersTotalsCountTheBytesOfEveryFileAndTheFramesDropped(@TempDir Path directory) throws Exception {
        List<byte[]> frames = toneFrames(440, 40);
        ChannelRecorder full = recorder(directory.resolve("fr.opus"), 8);
        for (int i = 0; i < 12; i++) {
            feed(full, frames.get(i), (long) i * FRAME); // before the writer drains it: 4 find the ring full
        }
        ChannelRecorder other = recorder(directory.resolve("en.opus"), ChannelRecorder.DEFAULT_SLOTS);
        RecordingWriter writer = new RecordingWriter(Duration.ofMillis(20));
        try {
            writer.add(full);
            writer.add(other);
            for (int i = 0; i < 40; i++) {
                feed(other, frames.get(i), (long) i * FRAME);
            }
            full.stop();
            other.stop();
            RecordedFile fr = full.finished().get(10, TimeUnit.SECONDS);
            RecordedFile en = other.finished().get(10, TimeUnit.SECONDS);
            long bytes = Files.size(fr.file()) + Files.size(en.file());
            // The totals grow right after the pass that closed the files: wait for that pass to end.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (writer.active() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, writer.active());
            assertEquals(bytes, writer.bytesWritten());
            assertEquals(4, writer.droppedFrames());
            assertEquals(fr.droppedFrames() + en.droppedFrames(), writer.droppedFrames());
        } finally {
            writer.close();
        }
    }

    @Test
    void aNewTimelineContinuesTheFileWithoutAGapAndFramesFromThePastAreDropped(@TempDir Path directory)
            throws Exception {
        List<byte[]> frames = toneFrames(440, 30);
        ChannelRecorder recorder = recorder(directory.resolve("fr.opus"), 64);
        for (int i = 0; i < 10; i++) {
            feed(recorder, frames.get(i), 1_000_000L + (long) i * FRAME);
        }
        feed(recorder, frames.get(10), 1_000_000L); // a repeat from the past
        recorder.drain(System.nanoTime());
        recorder.newTimeline(); // the meeting's mixer started again: its clock starts elsewhere
        for (int i = 11; i < 30; i++) {
            feed(recorder, frames.get(i), 5L + (long) i * FRAME);
        }
        recorder.stop();
        recorder.drain(System.nanoTime());
        RecordedFile done = recorder.finished().get();
        assertEquals(1, done.droppedFrames());
        assertEquals(0, done.concealedFrames());
        assertEquals(29L * FRAME - 312, done.playableSamples());
    }

    @Test
    void takingAFrameOnTheMixerThreadAllocatesNothing(@TempDir Path directory) throws OpusException {
        byte[] frame = toneFrames(1000, 1).getFirst();
        ChannelRecorder recorder = recorder(directory.resolve("fr.opus"), 2048);
        long[] timestamp = {0};
        for (int i = 0; i < 200; i++) {
            feed(recorder, frame, timestamp[0] += FRAME);
        }
        ThreadAllocations.assertSomeCycleAllocatesNothing("cycles of 50 frames", n -> {
            for (int i = 0; i < 50; i++) {
                feed(recorder, frame, timestamp[0] += FRAME);
            }
        });
        assertEquals(0, recorder.droppedFrames());
    }
}
