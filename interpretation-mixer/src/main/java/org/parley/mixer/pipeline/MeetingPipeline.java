package org.parley.mixer.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.parley.mixer.booth.Booth;
import org.parley.mixer.booth.RemovedBooth;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.jitter.JitterBuffer;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.tick.FrameFormat;
import org.parley.mixer.tick.MeetingMix;
import org.parley.mixer.tick.MixSettings;
import org.parley.mixer.tier.EncodedFrameSink;
import org.parley.mixer.tier.MixMinusEncoder;
import org.parley.mixer.tier.SharedEncoding;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;
import org.parley.mixer.tier.TieredEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio path of one meeting, from its sources' RTP payloads to its channels' encoded frames.
 *
 * <p>Each {@link #tick()}, on the mixer thread: run the control tasks queued since the last tick;
 * move each source's handed-over packets into its jitter buffer; pull one frame from the jitter
 * buffers of the sources the mix needs (only those are decoded); run the {@link MeetingMix}; and
 * give every channel variant's frame to its {@link TieredEncoder}, for the tiers that have
 * listeners; a {@link SharedEncoding} then encodes each tier's distinct frames once (idle booths'
 * channels are all the floor) and passes every variant's packets to the {@link EncodedFrameSink}.
 *
 * <p>Threads: {@link #addSource}, {@link #removeSource}, {@link #addLanguage}, {@link #removeLanguage},
 * {@link #setListeners} and {@link #control} may be called from any thread; their effect on the mix
 * happens at the start of the next tick, so every change falls on a frame boundary. Packets go in
 * through the {@link SourceInput} that {@code addSource} returns, from any thread, without locks or
 * allocation.
 * {@code tick()} belongs to one thread at a time (a {@link MixerClock} thread, or a test). After setup
 * a tick allocates nothing.
 *
 * <p>Monitoring, from any thread: {@link #ticks()}, {@link #overruns()} (ticks that took longer than
 * the frame), {@link #liveBooths()}, {@link #silentMillis(String)} (how long a live booth has been
 * without voice), {@link #encodes(Tier)} and {@link #sourceTotal}; and each tick's
 * duration, given to the {@link #setTickObserver tick observer} on the mixer thread.
 */
public final class MeetingPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MeetingPipeline.class);
    private static final SourceInput[] NO_SOURCES = new SourceInput[0];
    private static final TieredEncoder[] NO_ENCODERS = new TieredEncoder[0];
    private static final MinusStream[] NO_MINUS = new MinusStream[0];
    private static final Variant[] VARIANTS = Variant.values();
    private static final SourceCounter[] SOURCE_COUNTERS = SourceCounter.values();
    private static final LongConsumer NO_OBSERVER = nanos -> { };

    private final MeetingMix mix;
    private final TierSet tiers;
    private final EncodedFrameSink sink;
    private final FrameFormat format;
    private final int graceMillis;
    private final int maxJitterDelayMillis;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<String, SourceInput> inputs = new ConcurrentHashMap<>();
    private final Map<String, TieredEncoder[]> channels = new ConcurrentHashMap<>();
    /** Encoders of removed languages that {@link #encodes} reads until their removal task has added them to the totals. */
    private final Set<TieredEncoder[]> retiring = ConcurrentHashMap.newKeySet();
    /** Sources whose counters {@link #sourceTotal} reads: until their removal task has added them to the totals. */
    private final Set<SourceInput> counted = ConcurrentHashMap.newKeySet();

    // Mixer-thread state.
    private final Map<String, SourceInput> decoding = new HashMap<>();
    private final Consumer<String> pullNeeded = this::pull;
    private final SharedEncoding encoding;
    private SourceInput[] sources = NO_SOURCES;
    private TieredEncoder[] encoders = NO_ENCODERS;
    private final Map<MixMinusKey, MinusStream> mixMinus = new HashMap<>();
    private MinusStream[] mixMinusList = NO_MINUS;
    /** Mix-minus streams whose counters {@link #mixMinusEncodes} reads; any thread. */
    private final Set<MinusStream> mixMinusCounted = ConcurrentHashMap.newKeySet();
    /** Own encodes of mix-minus streams already dropped, indexed by tier. */
    private final AtomicLongArray removedMixMinusEncodes;
    private volatile int mixMinusEncoding;
    private long timestamp48k;
    /** When the current tick began, on the {@link System#nanoTime()} scale of packet arrivals. */
    private long tickNanos;
    private volatile long ticks;
    private volatile long overruns;
    private volatile int liveBooths;
    /**
     * Per language: {@link Booth#silentFrames()} of its booth at the last tick, published by the mixer
     * thread for readers on any thread. An entry is made by {@link #addLanguage} and dropped by
     * {@link #removeLanguage}.
     */
    private final Map<String, AtomicInteger> boothSilence = new ConcurrentHashMap<>();
    private volatile LongConsumer tickObserver = NO_OBSERVER;
    /** Counters of removed sources, indexed by {@link SourceCounter#ordinal()}. */
    private final AtomicLongArray removedSourceTotals = new AtomicLongArray(SOURCE_COUNTERS.length);
    /** Encodes of removed languages' encoders, indexed by tier. */
    private final AtomicLongArray removedEncodes;
    private boolean closed;

    /** A pipeline with the default grace period and jitter buffer bound. */
    public MeetingPipeline(MixSettings settings, TierSet tiers, EncodedFrameSink sink) {
        this(settings, tiers, sink, TieredEncoder.DEFAULT_GRACE_MILLIS, JitterBuffer.DEFAULT_MAX_DELAY_MILLIS);
    }

    /**
     * @param graceMillis          how long a tier without listeners keeps its encoder
     * @param maxJitterDelayMillis the most delay each source's jitter buffer may add
     * @throws IllegalArgumentException if a tier's frame is not a whole number of ticks
     */
    public MeetingPipeline(MixSettings settings, TierSet tiers, EncodedFrameSink sink, int graceMillis,
                           int maxJitterDelayMillis) {
        this.mix = new MeetingMix(settings);
        this.tiers = Objects.requireNonNull(tiers, "tiers");
        this.encoding = new SharedEncoding(tiers);
        this.removedEncodes = new AtomicLongArray(tiers.size());
        this.removedMixMinusEncodes = new AtomicLongArray(tiers.size());
        this.sink = Objects.requireNonNull(sink, "sink");
        this.format = settings.format();
        this.graceMillis = graceMillis;
        this.maxJitterDelayMillis = maxJitterDelayMillis;
        for (Tier tier : tiers.tiers()) {
            if (tier.frameMillis() % format.frameMillis() != 0) {
                throw new IllegalArgumentException("tier " + tier.name() + ": " + tier.frameMillis()
                        + " ms frames are not a whole number of " + format.frameMillis() + " ms ticks");
            }
        }
    }

    /**
     * Registers a source whose packets will arrive: a floor speaker or an interpreter microphone
     * (its role is set on the mix, through {@link #control}). Its Opus decoder and jitter buffer
     * are created here; the mixer starts draining it at the next tick. Any thread.
     *
     * @return where the network side hands over the source's packets
     * @throws IllegalArgumentException if the id is already registered
     */
    public SourceInput addSource(String sourceId) {
        Objects.requireNonNull(sourceId, "sourceId");
        JitterBuffer jitterBuffer = new JitterBuffer(OpusDecoder.create(FrameFormat.SAMPLE_RATE, 1),
                format.frameMillis(), maxJitterDelayMillis);
        SourceInput input = new SourceInput(sourceId, jitterBuffer);
        if (inputs.putIfAbsent(sourceId, input) != null) {
            jitterBuffer.close();
            throw new IllegalArgumentException("source " + sourceId + " is already registered");
        }
        counted.add(input);
        tasks.add(() -> {
            decoding.put(sourceId, input);
            sources = decoding.values().toArray(NO_SOURCES);
        });
        return input;
    }

    /** Unregisters a source; its decoder is freed at the next tick. False if unknown. Any thread. */
    public boolean removeSource(String sourceId) {
        SourceInput input = inputs.remove(sourceId);
        if (input == null) {
            return false;
        }
        tasks.add(() -> {
            decoding.remove(sourceId);
            sources = decoding.values().toArray(NO_SOURCES);
            for (SourceCounter counter : SOURCE_COUNTERS) {
                removedSourceTotals.addAndGet(counter.ordinal(), counter.of(input.jitterBuffer()));
            }
            counted.remove(input);
            input.close();
        });
        return true;
    }

    /** The registered source {@code sourceId}, or null. */
    public SourceInput source(String sourceId) {
        return inputs.get(sourceId);
    }

    /**
     * Adds a language: its booth and channel in the mix (at the next tick) and a tiered encoder for
     * each variant, which encodes nothing until {@link #setListeners} gives a tier listeners. Any thread.
     *
     * @return false if the language already exists
     */
    public boolean addLanguage(String language) {
        Objects.requireNonNull(language, "language");
        TieredEncoder[] variants = new TieredEncoder[VARIANTS.length];
        for (Variant variant : VARIANTS) {
            variants[variant.ordinal()] = new TieredEncoder(language, variant, tiers, format, sink, graceMillis);
        }
        if (channels.putIfAbsent(language, variants) != null) {
            return false;
        }
        boothSilence.put(language, new AtomicInteger());
        tasks.add(() -> {
            if (mix.booth(language) == null) {
                mix.addLanguage(language);
            }
            TieredEncoder[] next = Arrays.copyOf(encoders, encoders.length + variants.length);
            System.arraycopy(variants, 0, next, encoders.length, variants.length);
            encoders = next;
        });
        return true;
    }

    /**
     * Removes a language: at the start of the next tick its booth and channel leave the mix (see
     * {@link MeetingMix#removeLanguage}) and its tiered encoders stop and free their Opus encoders;
     * nothing of it reaches the sink afterwards. Its interpreters' sources stay registered until
     * {@link #removeSource}, silent. The language may be added again later, as a new channel. Any thread.
     *
     * @return what the removal changed in the other booths, once done on the mixer thread; null if
     *     the language did not exist
     */
    public CompletableFuture<RemovedBooth> removeLanguage(String language) {
        TieredEncoder[] variants = channels.remove(language);
        if (variants == null) {
            return CompletableFuture.completedFuture(null);
        }
        boothSilence.remove(language);
        retiring.add(variants);
        CompletableFuture<RemovedBooth> result = new CompletableFuture<>();
        tasks.add(() -> {
            RemovedBooth removed = mix.removeLanguage(language);
            for (MinusStream stream : mixMinusList) {
                if (stream.key.language().equals(language)) {
                    dropMixMinus(stream);
                }
            }
            encoders = without(encoders, variants);
            for (TieredEncoder encoder : variants) {
                encoder.close();
                for (int i = 0; i < tiers.size(); i++) {
                    removedEncodes.addAndGet(i, encoder.encodes(tiers.get(i)));
                }
            }
            retiring.remove(variants);
            result.complete(removed);
        });
        return result;
    }

    /**
     * Sets how many listeners receive {@code language}'s {@code variant} in {@code tier}. Any thread.
     *
     * @return false if the language is unknown
     * @throws IllegalArgumentException if the tier is not one of this meeting's or the count is negative
     */
    public boolean setListeners(String language, Variant variant, Tier tier, int count) {
        TieredEncoder[] variants = channels.get(language);
        if (variants == null) {
            return false;
        }
        variants[variant.ordinal()].setListeners(tier, count);
        return true;
    }

    /**
     * Sets how many listeners receive the mix-minus stream {@code key} in {@code tier}: the channel
     * variant without the floor speaker {@code key.speakerId()}, for that speaker's own m-lines (see
     * {@link MeetingMix#addMixMinus} and {@link MixMinusEncoder}). The stream enters the mix with its
     * first listener, at the next tick, and leaves it once it has had none for the grace period; it
     * is encoded only while its frames differ from the ordinary variant's (the speaker is heard in
     * it), otherwise it carries the ordinary packets. Any thread.
     *
     * @param sink receives the stream's packets; taken when the stream is created (its first listener), else ignored
     * @return false if the language is unknown
     * @throws IllegalArgumentException if the tier is not one of this meeting's or the count is negative
     */
    public boolean setMixMinusListeners(MixMinusKey key, Tier tier, int count, EncodedFrameSink sink) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sink, "sink");
        if (tiers.indexOf(tier) < 0 || count < 0) {
            throw new IllegalArgumentException("tier " + tier.name() + " with " + count + " listeners");
        }
        if (!channels.containsKey(key.language())) {
            return false;
        }
        tasks.add(() -> {
            MinusStream stream = mixMinus.get(key);
            if (stream == null) {
                TieredEncoder[] variants = channels.get(key.language());
                if (count == 0 || variants == null || mix.channel(key.language()) == null) {
                    return; // nothing to hear, or the language went away meanwhile
                }
                TieredEncoder ordinary = variants[key.variant().ordinal()];
                stream = new MinusStream(key, mix.addMixMinus(key.speakerId(), key.language(), key.variant()),
                        new MixMinusEncoder(ordinary, format, sink, graceMillis));
                mixMinus.put(key, stream);
                mixMinusList = mixMinus.values().toArray(NO_MINUS);
                mixMinusCounted.add(stream);
            }
            stream.encoder.setListeners(tier, count);
        });
        return true;
    }

    /** The encoder of the mix-minus stream {@code key} while it is in the mix, else null. For tests; mixer thread. */
    public MixMinusEncoder mixMinusEncoder(MixMinusKey key) {
        MinusStream stream = mixMinus.get(key);
        return stream == null ? null : stream.encoder;
    }

    /** Mix-minus streams encoding frames of their own now (the speaker is heard in them); at the last tick. Any thread. */
    public int mixMinusEncoding() {
        return mixMinusEncoding;
    }

    /** Mix-minus streams in the mix now (with listeners, or in their grace period). Any thread; possibly a little stale. */
    public int mixMinusStreams() {
        return mixMinusCounted.size();
    }

    /**
     * Own encodes of mix-minus streams in {@code tier} so far (calls into libopus; frames relayed from
     * the ordinary stream are not counted), dropped streams included. Any thread.
     */
    public long mixMinusEncodes(Tier tier) {
        long sum = removedMixMinusEncodes.get(tiers.indexOf(tier));
        for (MinusStream stream : mixMinusCounted) {
            sum += stream.encoder.encodes(tier);
        }
        return sum;
    }

    /** Takes a mix-minus stream out of the mix and frees its encoders. Mixer thread. */
    private void dropMixMinus(MinusStream stream) {
        mix.removeMixMinus(stream.mixStream);
        stream.encoder.close();
        for (int i = 0; i < tiers.size(); i++) {
            removedMixMinusEncodes.addAndGet(i, stream.encoder.encodes(tiers.get(i)));
        }
        mixMinusCounted.remove(stream);
        mixMinus.remove(stream.key);
        mixMinusList = mixMinus.values().toArray(NO_MINUS);
    }

    /** The tiered encoder of {@code language}'s {@code variant} (for its counters), or null. */
    public TieredEncoder encoder(String language, Variant variant) {
        TieredEncoder[] variants = channels.get(language);
        return variants == null ? null : variants[variant.ordinal()];
    }

    /**
     * Runs {@code action} on the mix at the start of the next tick, on the mixer thread: the way to
     * add floor speakers and interpreters, switch microphones, hand over, route relays. Any thread.
     *
     * @return the action's result, or its exception, once it has run
     */
    public <T> CompletableFuture<T> control(Function<? super MeetingMix, ? extends T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(action.apply(mix));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * The mix. Only for the thread that ticks (or before ticking starts); other threads use
     * {@link #control}.
     */
    public MeetingMix mix() {
        return mix;
    }

    public TierSet tiers() {
        return tiers;
    }

    /** Advances the meeting by one frame. Mixer thread. */
    public void tick() {
        long began = System.nanoTime();
        tickNanos = began;
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }
        SourceInput[] current = sources;
        for (SourceInput source : current) {
            source.drain();
        }
        mix.forEachNeededSource(pullNeeded);
        mix.tick();
        TieredEncoder[] channelEncoders = encoders;
        for (TieredEncoder encoder : channelEncoders) {
            short[] pcm = mix.output(encoder.language(), encoder.variant());
            if (pcm != null) {
                encoding.stage(encoder, pcm, timestamp48k);
            }
        }
        MinusStream[] minus = mixMinusList;
        for (MinusStream stream : minus) {
            stream.encoder.stage(stream.mixStream.output(), timestamp48k);
        }
        encoding.encodeStaged();
        int ownEncoding = 0;
        for (MinusStream stream : minus) {
            stream.encoder.finish();
            if (stream.encoder.isIdle()) {
                dropMixMinus(stream);
            } else if (stream.encoder.isEncoding()) {
                ownEncoding++;
            }
        }
        mixMinusEncoding = ownEncoding;
        timestamp48k += format.samplesPerFrame();
        liveBooths = countLiveBooths();
        ticks++;
        long took = System.nanoTime() - began;
        if (took > format.frameMillis() * 1_000_000L) {
            overruns++;
        }
        tickObserver.accept(took);
    }

    /** Ticks run so far. */
    public long ticks() {
        return ticks;
    }

    /** Ticks whose work took longer than the frame they produce: the meeting alone cannot keep up. */
    public long overruns() {
        return overruns;
    }

    /** Booths with a live microphone at the last tick. */
    public int liveBooths() {
        return liveBooths;
    }

    /**
     * How long, up to the last tick, the live interpreter of {@code language}'s booth has been on air
     * without voice ({@link Booth#silentFrames()}): 0 when the booth is not live or someone spoke in
     * the last frame; -1 if the meeting has no such language. Any thread.
     */
    public long silentMillis(String language) {
        AtomicInteger frames = boothSilence.get(language);
        return frames == null ? -1 : (long) frames.get() * format.frameMillis();
    }

    /**
     * Receives each tick's duration in nanoseconds, on the mixer thread at the end of the tick: it
     * must be quick and allocation-free (a metrics timer). Any thread; null removes it.
     */
    public void setTickObserver(LongConsumer observer) {
        tickObserver = observer == null ? NO_OBSERVER : observer;
    }

    /**
     * Frames of {@code tier} encoded so far over all channel variants (calls into libopus), removed
     * languages' and mix-minus streams' ({@link #mixMinusEncodes}) included, so the total never decreases (possibly a little stale). Any thread.
     */
    public long encodes(Tier tier) {
        long sum = removedEncodes.get(tiers.indexOf(tier)) + mixMinusEncodes(tier);
        for (TieredEncoder[] variants : channels.values()) {
            sum += encodes(variants, tier);
        }
        for (TieredEncoder[] variants : retiring) {
            sum += encodes(variants, tier);
        }
        return sum;
    }

    private static long encodes(TieredEncoder[] variants, Tier tier) {
        long sum = 0;
        for (TieredEncoder encoder : variants) {
            sum += encoder.encodes(tier);
        }
        return sum;
    }

    /** {@code all} without the encoders of {@code removed}, in order. Control path only. */
    private static TieredEncoder[] without(TieredEncoder[] all, TieredEncoder[] removed) {
        List<TieredEncoder> kept = new ArrayList<>(all.length);
        for (TieredEncoder encoder : all) {
            if (!Arrays.asList(removed).contains(encoder)) {
                kept.add(encoder);
            }
        }
        return kept.toArray(NO_ENCODERS);
    }

    /**
     * {@code counter} summed over the sources' jitter buffers, removed sources included, so the
     * total never decreases (possibly a little stale). Any thread.
     */
    public long sourceTotal(SourceCounter counter) {
        long sum = removedSourceTotals.get(counter.ordinal());
        for (SourceInput input : counted) {
            sum += counter.of(input.jitterBuffer());
        }
        return sum;
    }

    /**
     * Frees every decoder and encoder. Call once the pipeline is off its clock (see
     * {@link MixerClock#unregister}); pending control tasks run first so nothing leaks.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.debug("control task failed while closing the pipeline", e);
            }
        }
        for (SourceInput source : decoding.values()) {
            source.close();
        }
        for (SourceInput source : inputs.values()) {
            source.close();
        }
        for (TieredEncoder[] variants : channels.values()) {
            for (TieredEncoder encoder : variants) {
                encoder.close();
            }
        }
        for (MinusStream stream : mixMinus.values()) {
            stream.encoder.close();
        }
    }

    /** A mix-minus stream: its rendering in the mix and its encoder. */
    private record MinusStream(MixMinusKey key, MeetingMix.MixMinus mixStream, MixMinusEncoder encoder) {
    }

    /** Counts the live booths and publishes each booth's silence ({@link #silentMillis}). Mixer thread. */
    private int countLiveBooths() {
        List<Booth> booths = mix.booths().booths();
        int live = 0;
        for (int i = 0; i < booths.size(); i++) {
            Booth booth = booths.get(i);
            if (booth.isLive()) {
                live++;
            }
            AtomicInteger silence = boothSilence.get(booth.language());
            if (silence != null) {
                silence.lazySet(booth.silentFrames());
            }
        }
        return live;
    }

    private void pull(String sourceId) {
        SourceInput source = decoding.get(sourceId);
        if (source != null) {
            source.pullInto(mix, tickNanos);
        }
    }
}
