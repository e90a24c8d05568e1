package org.parley.mixer.asr;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;

/**
 * One channel on its own pocketsphinx decoder. Utterances are cut by pocketsphinx's voice activity
 * detector ({@code ps_get_in_speech}, as in pocketsphinx's own {@code continuous} example): an
 * utterance starts when it reports speech and ends when it reports silence again (after
 * {@value #POSTSPEECH_FRAMES} frames of it), or after {@value #MAX_UTTERANCE_SECONDS} s of speech
 * without a pause, so a captioned talk never waits long for text. Each ended utterance gives one
 * final; in between, a partial every {@value #PARTIAL_INTERVAL_MS} ms of audio if the hypothesis
 * changed.
 *
 * <p>Feeding copies the PCM into one native buffer allocated with the session; the only Java
 * allocations are the hypothesis strings (at most two a second, and the finals).
 */
final class PocketSphinxSession implements AsrSession {

    static final int PRESPEECH_FRAMES = 20;
    static final int POSTSPEECH_FRAMES = 50;
    static final int MAX_UTTERANCE_SECONDS = 20;
    static final int PARTIAL_INTERVAL_MS = 500;
    private static final int SAMPLES_PER_FRAME = AsrEngine.SAMPLE_RATE / 100;
    private static final int SAMPLES_PER_MS = AsrEngine.SAMPLE_RATE / 1000;
    // 100 ms per ps_process_raw call: the VAD's decision is read between calls, so this bounds how
    // late an utterance's start or end is noticed.
    private static final int CHUNK_SAMPLES = AsrEngine.SAMPLE_RATE / 10;
    private static final int MAX_UTTERANCE_SAMPLES = MAX_UTTERANCE_SECONDS * AsrEngine.SAMPLE_RATE;
    private static final int PARTIAL_INTERVAL_SAMPLES = PARTIAL_INTERVAL_MS * SAMPLES_PER_MS;

    private final PocketSphinxLibrary library;
    private final AsrListener listener;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment config;
    private final MemorySegment decoder;
    private final MemorySegment samples;

    private long fed;
    private boolean inUtterance;
    private long utteranceStart;
    private long lastUtteranceEnd;
    private long lastPartialAt;
    private String lastPartial = "";
    private boolean closed;

    PocketSphinxSession(PocketSphinxLibrary library, PocketSphinxModel model, AsrListener listener) {
        this.library = library;
        this.listener = Objects.requireNonNull(listener, "listener");
        List<String> arguments = List.of(
                "-hmm", model.acousticModel().toString(),
                "-lm", model.languageModel().toString(),
                "-dict", model.dictionary().toString(),
                "-samprate", Integer.toString(AsrEngine.SAMPLE_RATE),
                "-vad_prespeech", Integer.toString(PRESPEECH_FRAMES),
                "-vad_postspeech", Integer.toString(POSTSPEECH_FRAMES),
                // The model's feat.params says batch, which on a stream fed in pieces normalises
                // each piece by its own mean; live keeps a running mean across the stream.
                "-cmn", "live",
                "-logfn", "/dev/null");
        try {
            MemorySegment argv = arena.allocate(ADDRESS, arguments.size());
            for (int i = 0; i < arguments.size(); i++) {
                argv.setAtIndex(ADDRESS, i, arena.allocateFrom(arguments.get(i)));
            }
            MemorySegment definitions = (MemorySegment) library.args.invokeExact();
            config = (MemorySegment) library.parseArguments.invokeExact(
                    MemorySegment.NULL, definitions, arguments.size(), argv, 1);
            if (config.equals(MemorySegment.NULL)) {
                throw new AsrUnavailableException("pocketsphinx refused its arguments " + arguments);
            }
            decoder = (MemorySegment) library.init.invokeExact(config);
            if (decoder.equals(MemorySegment.NULL)) {
                int ignored = (int) library.freeConfig.invokeExact(config);
                throw new AsrUnavailableException("pocketsphinx could not load the model " + model);
            }
            samples = arena.allocate(JAVA_SHORT, CHUNK_SAMPLES);
            check((int) library.startUtterance.invokeExact(decoder), "ps_start_utt");
        } catch (AsrUnavailableException e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new AsrUnavailableException("pocketsphinx failed to start", t);
        }
    }

    @Override
    public void feed(short[] pcm, int count) {
        Objects.checkFromIndexSize(0, count, pcm.length);
        if (closed) {
            throw new IllegalStateException("session closed");
        }
        for (int offset = 0; offset < count; offset += CHUNK_SAMPLES) {
            int n = Math.min(CHUNK_SAMPLES, count - offset);
            MemorySegment.copy(pcm, offset, samples, JAVA_SHORT, 0, n);
            try {
                check((int) library.processRaw.invokeExact(decoder, samples, (long) n, 0, 0), "ps_process_raw");
                long before = fed;
                fed += n;
                boolean speech = (byte) library.inSpeech.invokeExact(decoder) != 0;
                if (speech && !inUtterance) {
                    inUtterance = true;
                    // The detector decides after PRESPEECH_FRAMES of speech, and keeps them.
                    utteranceStart = Math.max(lastUtteranceEnd, before - (long) PRESPEECH_FRAMES * SAMPLES_PER_FRAME);
                    lastPartialAt = fed;
                } else if (!speech && inUtterance) {
                    // ... and ends it after POSTSPEECH_FRAMES of silence.
                    endUtterance(Math.max(utteranceStart, fed - (long) POSTSPEECH_FRAMES * SAMPLES_PER_FRAME));
                } else if (inUtterance && fed - utteranceStart >= MAX_UTTERANCE_SAMPLES) {
                    endUtterance(fed);
                } else if (inUtterance && fed - lastPartialAt >= PARTIAL_INTERVAL_SAMPLES) {
                    lastPartialAt = fed;
                    String text = hypothesis();
                    if (!text.isEmpty() && !text.equals(lastPartial)) {
                        lastPartial = text;
                        listener.partial(text);
                    }
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("pocketsphinx call failed", t);
            }
        }
    }

    @Override
    public void flush() {
        if (closed || !inUtterance) {
            return;
        }
        try {
            endUtterance(fed);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("pocketsphinx call failed", t);
        }
    }

    @Override
    public long samplesFed() {
        return fed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            try {
                int ignored = (int) library.free.invokeExact(decoder);
                ignored = (int) library.freeConfig.invokeExact(config);
            } catch (Throwable t) {
                throw new IllegalStateException("pocketsphinx free failed", t);
            } finally {
                arena.close();
            }
        }
    }

    private void endUtterance(long endSample) throws Throwable {
        check((int) library.endUtterance.invokeExact(decoder), "ps_end_utt");
        String text = hypothesis();
        long start = utteranceStart;
        inUtterance = false;
        lastUtteranceEnd = endSample;
        lastPartial = "";
        check((int) library.startUtterance.invokeExact(decoder), "ps_start_utt");
        if (!text.isEmpty()) {
            listener.finalSegment(text, start / SAMPLES_PER_MS, endSample / SAMPLES_PER_MS);
        }
    }

    private String hypothesis() throws Throwable {
        MemorySegment text = (MemorySegment) library.hypothesis.invokeExact(decoder, MemorySegment.NULL);
        if (text.equals(MemorySegment.NULL)) {
            return "";
        }
        // The string lives in the decoder until the next search call; read it now.
        return text.reinterpret(Integer.MAX_VALUE).getString(0).strip();
    }

    private static void check(int result, String function) {
        if (result < 0) {
            throw new IllegalStateException(function + " failed with " + result);
        }
    }
}
