package org.parley.mixer.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.mixer.measure.SpeechWav;

class PocketSphinxEngineTest {

    static final String SENTENCE = "thank you all for coming to this meeting today";
    /**
     * espeak-ng's Klatt synthesiser: its default formant voice is too far from human speech for
     * the en-us acoustic model (a third of the words), the Klatt one is recognised like a person.
     */
    static final String VOICE = "en-us+klatt4";
    static final int WORDS_PER_MINUTE = 150;

    /** What a listener heard, in order, and on which threads; readable from any thread. */
    static final class Heard implements AsrListener {
        final List<String> partials = new CopyOnWriteArrayList<>();
        final List<String> finals = new CopyOnWriteArrayList<>();
        final List<long[]> times = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Override
        public void partial(String text) {
            partials.add(text);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public void finalSegment(String text, long startMs, long endMs) {
            times.add(new long[] {startMs, endMs});
            finals.add(text);
            threads.add(Thread.currentThread().getName());
        }
    }

    /**
     * The sentence as the mixer would carry it (48 kHz, −23 dBFS speech, a second of silence before
     * and two after), through the decimator in 20 ms ticks and into a session, as an ASR worker would.
     */
    static Heard recognise(Path wav) throws IOException {
        short[] speech = SpeechWav.speak(VOICE, WORDS_PER_MINUTE, SENTENCE, wav, -23);
        short[] channel = new short[48_000 + speech.length + 96_000];
        System.arraycopy(speech, 0, channel, 48_000, speech.length);
        Heard heard = new Heard();
        Decimator48To16 decimator = new Decimator48To16();
        short[] pcm16 = new short[Decimator48To16.outputFor(960)];
        try (AsrSession session = PocketSphinxEngine.create().open("en", heard)) {
            for (int offset = 0; offset + 960 <= channel.length; offset += 960) {
                session.feed(pcm16, decimator.process(channel, offset, 960, pcm16, 0));
            }
            assertEquals(channel.length / 960 * 320, session.samplesFed());
        }
        System.out.println("pocketsphinx heard " + heard.finals + " at " + heard.times.stream().map(Arrays::toString).toList()
                + ", partials " + heard.partials);
        return heard;
    }

    @Test
    void recognisesAnEnglishSentenceOnceWithTimes(@TempDir Path dir) throws IOException {
        Heard heard = recognise(dir.resolve("sentence.wav"));
        assertFalse(heard.finals.isEmpty(), "no final");
        assertMostWordsOnce(heard.finals);
        // Once each: no final repeats an earlier one, and the segments do not overlap in time.
        long previousEnd = 0;
        for (long[] t : heard.times) {
            assertTrue(t[0] >= previousEnd && t[1] >= t[0], Arrays.toString(t) + " after " + previousEnd);
            previousEnd = t[1];
        }
        // The speech starts at 1 s and lasts a few seconds; the segments lie about there.
        assertTrue(heard.times.getFirst()[0] >= 500 && heard.times.getFirst()[0] <= 1_500,
                "start " + heard.times.getFirst()[0]);
        assertTrue(previousEnd <= 1_000 + 5_000, "end " + previousEnd);
    }

    /** At least 60 % of the sentence's words in the finals, no final twice, not twice the words. */
    static void assertMostWordsOnce(List<String> finals) {
        assertFalse(finals.isEmpty(), "no final");
        List<String> words = new ArrayList<>();
        for (String text : finals) {
            words.addAll(Arrays.asList(text.toLowerCase(Locale.ROOT).split("\\s+")));
        }
        List<String> expected = Arrays.asList(SENTENCE.split(" "));
        int found = 0;
        List<String> remaining = new ArrayList<>(words);
        for (String word : expected) {
            if (remaining.remove(word)) {
                found++;
            }
        }
        assertTrue(found >= Math.ceil(0.6 * expected.size()),
                "recognised " + found + " of " + expected.size() + " words: " + finals);
        assertEquals(finals.size(), finals.stream().distinct().count(), finals.toString());
        assertTrue(words.size() <= 2 * expected.size(), "too many words: " + finals);
    }

    @Test
    void silenceGivesNoText() {
        Heard heard = new Heard();
        try (AsrSession session = PocketSphinxEngine.create().open("en-GB", heard)) {
            short[] silence = new short[320];
            for (int i = 0; i < 300; i++) {
                session.feed(silence, silence.length);
            }
        }
        assertEquals(List.of(), heard.finals);
        assertEquals(List.of(), heard.partials);
    }

    @Test
    void feedingThroughTheDecimatorAllocatesNothing() {
        // Quiet noise (about -60 dBFS): the detector hears no speech, so no hypothesis strings either.
        java.util.Random random = new java.util.Random(7);
        short[] tick = new short[960];
        for (int i = 0; i < tick.length; i++) {
            tick[i] = (short) (random.nextGaussian() * 30);
        }
        short[] pcm16 = new short[Decimator48To16.outputFor(tick.length)];
        Decimator48To16 decimator = new Decimator48To16();
        Heard heard = new Heard();
        try (AsrSession session = PocketSphinxEngine.create().open("en", heard)) {
            for (int i = 0; i < 2_000; i++) {
                session.feed(pcm16, decimator.process(tick, 0, tick.length, pcm16, 0));
            }
            org.parley.mixer.ThreadAllocations.assertSomeCycleAllocatesNothing("cycles of 50 ticks", n -> {
                for (int i = 0; i < 50; i++) {
                    session.feed(pcm16, decimator.process(tick, 0, tick.length, pcm16, 0));
                }
            });
        }
        assertEquals(List.of(), heard.finals);
    }

    @Test
    void englishOnly() {
        PocketSphinxEngine engine = PocketSphinxEngine.create();
        assertTrue(engine.supports("en") && engine.supports("EN-us"));
        assertFalse(engine.supports("fr"));
        AsrUnavailableException e = assertThrows(AsrUnavailableException.class, () -> engine.open("fr", new Heard()));
        assertTrue(e.getMessage().contains("English only"), e.getMessage());
    }

    @Test
    void feedingAfterCloseFailsClearly() {
        AsrSession session = PocketSphinxEngine.create().open("en", new Heard());
        session.close();
        session.close();
        assertThrows(IllegalStateException.class, () -> session.feed(new short[160], 160));
        assertThrows(IndexOutOfBoundsException.class,
                () -> PocketSphinxEngine.create().open("en", new Heard()).feed(new short[10], 11));
    }

    @Test
    void missingLibraryNamesThePackages() {
        AsrUnavailableException e = assertThrows(AsrUnavailableException.class,
                () -> PocketSphinxLibrary.load(List.of("libpocketsphinx-does-not-exist.so.9", "/nonexistent/libpocketsphinx.so.3")));
        assertTrue(e.getMessage().startsWith("libpocketsphinx not found: install the libpocketsphinx3 and"
                + " pocketsphinx-en-us packages (apt-get install libpocketsphinx3 pocketsphinx-en-us)"), e.getMessage());
        assertTrue(e.getMessage().contains("libpocketsphinx-does-not-exist.so.9"), e.getMessage());
    }

    @Test
    void missingModelNamesThePackage(@TempDir Path empty) {
        AsrUnavailableException e = assertThrows(AsrUnavailableException.class,
                () -> PocketSphinxEngine.create(PocketSphinxLibrary.get(), PocketSphinxModel.englishIn(empty)));
        assertTrue(e.getMessage().startsWith("pocketsphinx English model not found: install the"
                + " pocketsphinx-en-us package (apt-get install pocketsphinx-en-us)"), e.getMessage());
    }
}
