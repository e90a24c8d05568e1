package org.parley.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.parley.mixer.asr.AsrListener;
import org.parley.mixer.asr.AsrSession;
import org.parley.mixer.asr.Decimator48To16;
import org.parley.mixer.asr.PocketSphinxEngine;
import org.parley.mixer.measure.SpeechWav;

/**
 * What captioning a channel in English costs: thread CPU seconds per second of audio for the ASR
 * worker's whole path (48 to 16 kHz decimation in 20 ms ticks, then pocketsphinx), and so how many
 * channels one core can caption in real time. The audio is espeak-ng speaking a sentence
 * (the same one as {@code PocketSphinxEngineTest}) over and over with 0.3 s pauses, so the recogniser
 * hears speech nearly all the time (a meeting's pauses cost less); plus the decimator alone and the
 * time to open a session (model load). Thread CPU time, so time descheduled on a shared machine does
 * not count. Best of {@value #RUNS} runs after one warm-up.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     org.parley.bench.AsrCpuTime [seconds]</pre>
 */
public final class AsrCpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int RUNS = 3;
    private static final int TICK = 960;
    private static final String SENTENCE = "thank you all for coming to this meeting today";

    private AsrCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path wav = Files.createTempFile("asr-bench", ".wav");
        short[] sentence;
        try {
            sentence = SpeechWav.speak("en-us+klatt4", 150, SENTENCE, wav, -23);
        } finally {
            Files.deleteIfExists(wav);
        }
        short[] audio = new short[seconds * SpeechWav.RATE / TICK * TICK];
        int pause = SpeechWav.RATE * 3 / 10;
        for (int at = 0; at < audio.length; at += sentence.length + pause) {
            System.arraycopy(sentence, 0, audio, at, Math.min(sentence.length, audio.length - at));
        }
        double audioSeconds = (double) audio.length / SpeechWav.RATE;
        Counting counting = new Counting();
        PocketSphinxEngine engine = PocketSphinxEngine.create();

        double bestOpen = Double.MAX_VALUE;
        double bestRun = Double.MAX_VALUE;
        double bestDecimate = Double.MAX_VALUE;
        short[] pcm16 = new short[Decimator48To16.outputFor(TICK)];
        for (int run = 0; run <= RUNS; run++) {
            long start = THREADS.getCurrentThreadCpuTime();
            AsrSession session = engine.open("en", counting);
            long opened = THREADS.getCurrentThreadCpuTime();
            Decimator48To16 decimator = new Decimator48To16();
            for (int offset = 0; offset < audio.length; offset += TICK) {
                session.feed(pcm16, decimator.process(audio, offset, TICK, pcm16, 0));
            }
            session.close();
            long fed = THREADS.getCurrentThreadCpuTime();
            Decimator48To16 alone = new Decimator48To16();
            for (int offset = 0; offset < audio.length; offset += TICK) {
                alone.process(audio, offset, TICK, pcm16, 0);
            }
            long decimated = THREADS.getCurrentThreadCpuTime();
            if (run > 0) {
                bestOpen = Math.min(bestOpen, (opened - start) / 1e9);
                bestRun = Math.min(bestRun, (fed - opened) / 1e9);
                bestDecimate = Math.min(bestDecimate, (decimated - fed) / 1e9);
            }
        }
        double perSecond = bestRun / audioSeconds;
        System.out.printf("audio: %.1f s of speech (espeak-ng en-us+klatt4, 0.3 s pauses), %d finals, %d words%n",
                audioSeconds, counting.finals / (RUNS + 1), counting.words / (RUNS + 1));
        System.out.printf("decimate + pocketsphinx: %.4f CPU s per audio second -> %.1f channels per core%n",
                perSecond, 1 / perSecond);
        System.out.printf("decimator alone: %.5f CPU s per audio second (%.2f %% of the above)%n",
                bestDecimate / audioSeconds, 100 * bestDecimate / bestRun);
        System.out.printf("open a session (model load): %.3f CPU s%n", bestOpen);
    }

    /** Counts what the recogniser says, so the run shows it recognised something. */
    private static final class Counting implements AsrListener {
        long finals;
        long words;

        @Override
        public void partial(String text) {
        }

        @Override
        public void finalSegment(String text, long startMs, long endMs) {
            finals++;
            words += text.split("\\s+").length;
        }
    }
}
