package org.parley.signaling.interpretation;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.parley.media.MediaServer;
import org.parley.media.router.LocalRtpStream;
import org.parley.media.router.Producer;
import org.parley.media.router.Router;
import org.parley.media.router.RtpInjector;
import org.parley.mixer.booth.Booth;
import org.parley.mixer.booth.Interpreter;
import org.parley.mixer.booth.MicResult;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.pipeline.MeetingPipeline;
import org.parley.mixer.pipeline.MixMinusKey;
import org.parley.mixer.pipeline.MixerClock;
import org.parley.mixer.pipeline.SourceInput;
import org.parley.mixer.tick.FrameFormat;
import org.parley.mixer.tick.MeetingMix;
import org.parley.mixer.tick.MixSettings;
import org.parley.mixer.tier.EncodedFrameSink;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;
import org.parley.signaling.metrics.MixerMeters;

/**
 * The interpretation of one meeting inside the SFU: a {@link MeetingPipeline} on the shared
 * {@link MixerClock}, fed by the meeting's publishers, whose encoded channel streams are local
 * producers in the media core's {@link Router}.
 *
 * <p>Every (language, variant, tier) has its producer from the start (a language the meeting gains
 * later, from when it is first asked for; one it loses, until {@link #dropRemovedLanguages}), with a
 * stable id ({@link ChannelKey#producerId}); a stream is encoded only while it has listeners
 * ({@link #listenerAdded}), so unheard tiers cost nothing. Data flow: publisher packets reach the
 * pipeline through an {@link org.parley.media.router.RtpTap} on their producer (event loop, copied
 * into the source's handoff); the mixer thread encodes and hands each frame to a
 * {@link LocalRtpStream}; an {@link RtpInjector} takes the packets to the event loop, where the
 * channel producers forward them to their consumers.
 *
 * <p>Threads: the public methods may be called from any thread. The mixer thread only runs the
 * pipeline and {@link #onFrame}; control goes through {@link MeetingPipeline#control}.
 */
public final class MeetingChannels implements AutoCloseable {

    /** RFC 7587 §7: Opus is dynamic; 111 is what browsers offer, and our answers keep it. */
    static final int OPUS_PAYLOAD_TYPE = 111;
    /** Packets in flight to the event loop: a few ticks of every stream. */
    private static final int INJECTOR_CAPACITY = 1024;
    private static final int VARIANT_COUNT = Variant.values().length;

    private final String meetingId;
    /** The meeting's languages now; a language added to the meeting is added here on first use. */
    private final Supplier<List<String>> meetingLanguages;
    /** Language → its slot in {@link #streams}; a removed language's slot is never reused. */
    private final Map<String, Integer> languageIndex = new ConcurrentHashMap<>();
    private final TierSet tiers;
    private final MediaServer media;
    private final MixerClock clock;
    private final RtpInjector injector;
    private final MeetingPipeline pipeline;
    private final MixerMeters meters;
    /** The languages with streams, in the order they got them; replaced under {@code this}. */
    private volatile List<String> languages = List.of();
    /**
     * Indexed by {@link #streamIndex}; replaced (grown) under {@code this} before a language's index is
     * published. A removed language's slot holds nulls.
     */
    private volatile LocalRtpStream[] streams = new LocalRtpStream[0];
    /** Listeners per stream, same index; guarded by {@code this}. */
    private int[] listeners = new int[0];
    /**
     * Taps per stream, same index (null: none): the webcast's segmenters and the recorders, which take
     * a stream's frames on the mixer thread and keep it encoded while they are there, without being
     * listeners anyone counts. Replaced (copied) under {@code this}; the mixer thread reads it.
     */
    private volatile EncodedFrameSink[][] taps = new EncodedFrameSink[0][];
    /** Removed languages whose producers the event loop has not taken out of the router yet; guarded by {@code this}. */
    private final Set<String> retiring = new HashSet<>();
    /** The floor speakers' own streams (mix-minus), created when first asked for; guarded by {@code this}. */
    private final Map<MixMinusKey, MixMinusChannel> mixMinus = new HashMap<>();
    private final BoothControl booths = new BoothControl(this);
    /**
     * The interpreters' microphones fed into the mix, by source id. Each is {@linkplain Producer#setMuted
     * muted} in the router while off air ({@link #gateMicrophones}), so off-mic booth talk reaches no
     * subscriber and not the mixer either.
     */
    private final Map<String, Producer> microphones = new ConcurrentHashMap<>();
    private volatile BoothsObserver observer;
    /** Mixer thread: numbers the booth snapshots. */
    private long boothsVersion;
    private boolean closed;

    /**
     * Starts the meeting's mixer with the languages {@code meetingLanguages} gives now; languages it
     * gives later are added when first asked for ({@link #producer}, {@link #addSource}). The mixer
     * ticks with {@code clock}'s period and registers its meters in {@code registry} until closed.
     */
    MeetingChannels(String meetingId, Supplier<List<String>> meetingLanguages, TierSet tiers, MediaServer media,
                    MixerClock clock, MeterRegistry registry) {
        this.meetingId = meetingId;
        this.meetingLanguages = meetingLanguages;
        this.tiers = tiers;
        this.media = media;
        this.clock = clock;
        this.injector = new RtpInjector(media.eventLoop(), media.allocator(), INJECTOR_CAPACITY);
        FrameFormat tick = new FrameFormat((int) (clock.periodNanos() / 1_000_000));
        this.pipeline = new MeetingPipeline(MixSettings.DEFAULTS.withFormat(tick), tiers, this::onFrame);
        this.meters = MixerMeters.register(registry, meetingId, pipeline);
        synchronized (this) {
            for (String language : meetingLanguages.get()) {
                addLanguage(language);
            }
            // The floor is one more channel: a booth nobody interprets in stays idle, so its channel
            // carries exactly the floor, and SharedEncoding gives it the same encode as idle languages.
            addLanguage(ChannelKey.FLOOR);
        }
        clock.register(pipeline);
    }

    /**
     * Gives {@code language} its streams: producers in the router (all of its variants and tiers),
     * then its index, which the mixer thread reads before the streams, then its booth and channel in
     * the mix from the next tick on. Under {@code this}.
     */
    private void addLanguage(String language) {
        int first = streams.length;
        int slot = first / streamsPerLanguage();
        LocalRtpStream[] grown = Arrays.copyOf(streams, first + streamsPerLanguage());
        for (Variant variant : Variant.values()) {
            for (Tier tier : tiers.tiers()) {
                ChannelKey key = new ChannelKey(language, variant, tier);
                grown[streamIndex(slot, variant, tiers.indexOf(tier))] = LocalRtpStream.create(
                        key.producerId(meetingId), "audio", OPUS_PAYLOAD_TYPE, FrameFormat.SAMPLE_RATE);
            }
        }
        for (int i = first; i < grown.length; i++) {
            media.router().addProducer(grown[i].producer());
        }
        taps = Arrays.copyOf(taps, grown.length);
        streams = grown;
        listeners = Arrays.copyOf(listeners, grown.length);
        List<String> added = new ArrayList<>(languages);
        added.add(language);
        languages = List.copyOf(added);
        languageIndex.put(language, slot);
        pipeline.addLanguage(language);
        meters.languageAdded(language, !ChannelKey.FLOOR.equals(language),
                (variant, tier) -> channelListeners(language, variant, tier));
    }

    /**
     * Drops the channels of every language the meeting no longer has (a provisioning update): their
     * producers leave the router on the event loop, which stops their consumers, and the mixer
     * removes the booths and encoders at its next tick; booths that relayed them hear the floor.
     * Those listening must be moved first (to {@link ChannelKey#FLOOR}) for a gapless switch. Any
     * thread; idempotent.
     *
     * @return the languages dropped by this call
     */
    public List<String> dropRemovedLanguages() {
        // Asked outside this object's lock: the meeting has a lock of its own.
        List<String> meetingNow = meetingLanguages.get();
        List<String> dropped = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return dropped;
            }
            for (String language : languages) {
                if (!ChannelKey.FLOOR.equals(language) && !meetingNow.contains(language)) {
                    removeLanguage(language);
                    dropped.add(language);
                }
            }
        }
        if (!dropped.isEmpty()) {
            control(mix -> null); // a booths snapshot without them
        }
        return dropped;
    }

    /**
     * Takes {@code language}'s streams away: its slot empties at once (new listeners are refused, and
     * the mixer's frames of it are dropped), its producers leave the router on the event loop, and the
     * pipeline removes its booth and frees its encoders at the next tick. Under {@code this}.
     */
    private void removeLanguage(String language) {
        int slot = languageIndex.remove(language);
        int first = slot * streamsPerLanguage();
        LocalRtpStream[] remaining = streams.clone();
        EncodedFrameSink[][] remainingTaps = taps.clone();
        List<Producer> producers = new ArrayList<>(streamsPerLanguage());
        for (int i = first; i < first + streamsPerLanguage(); i++) {
            producers.add(remaining[i].producer());
            remaining[i] = null;
            remainingTaps[i] = null;
            listeners[i] = 0;
        }
        streams = remaining;
        taps = remainingTaps;
        producers.addAll(dropMixMinus(channel -> channel.key.language().equals(language)));
        List<String> kept = new ArrayList<>(languages);
        kept.remove(language);
        languages = List.copyOf(kept);
        retiring.add(language);
        meters.languageRemoved(language);
        Router router = media.router();
        onEventLoop(() -> {
            for (Producer producer : producers) {
                router.removeProducer(producer);
            }
            synchronized (this) {
                retiring.remove(language);
            }
        });
        pipeline.removeLanguage(language);
        control(mix -> null); // its interpreters went off air with it: close their microphones too
    }

    /**
     * Whether {@code language} has streams, adding them if the meeting has gained the language since
     * its mixer started (a provisioning update). False once closed or if the meeting lacks it.
     */
    private boolean hasLanguage(String language) {
        if (languageIndex.containsKey(language)) {
            return true;
        }
        // Asked outside this object's lock: the meeting has a lock of its own.
        if (!meetingLanguages.get().contains(language)) {
            return false;
        }
        synchronized (this) {
            // A language added again while its old producers still hold their ids in the router waits for them to go.
            if (closed || retiring.contains(language)) {
                return false;
            }
            if (!languageIndex.containsKey(language)) {
                addLanguage(language);
            }
            return true;
        }
    }

    public String meetingId() {
        return meetingId;
    }

    /** The languages that have channels, in the order they got them; {@link ChannelKey#FLOOR} is not one. */
    public List<String> languages() {
        List<String> meetingOnes = new ArrayList<>(languages);
        meetingOnes.remove(ChannelKey.FLOOR);
        return meetingOnes;
    }

    public TierSet tiers() {
        return tiers;
    }

    /**
     * The producer of {@code key}'s stream, or null if the language is neither this meeting's nor
     * {@link ChannelKey#FLOOR}. A language added to the meeting after its mixer started gets its streams here.
     */
    public Producer producer(ChannelKey key) {
        if (!hasLanguage(key.language())) {
            return null;
        }
        if (key.isMixMinus()) {
            return mixMinusProducer(key);
        }
        int index = streamIndex(key.language(), key.variant(), key.tier());
        return index < 0 ? null : streams[index].producer();
    }

    /**
     * The producer of a floor speaker's own stream (see {@link ChannelKey#mixMinusOf}), created on
     * first use: a producer in the router like the channel's, fed by the mixer only while the
     * stream has listeners. It stays until its speaker's source or its language leaves the mix.
     * Null once closed, or if the id is still taken by a producer on its way out.
     */
    private synchronized Producer mixMinusProducer(ChannelKey key) {
        int tierAt = tiers.indexOf(key.tier());
        if (closed || tierAt < 0 || !languageIndex.containsKey(key.language())) {
            return null;
        }
        MixMinusChannel channel = mixMinus.computeIfAbsent(
                new MixMinusKey(key.mixMinusOf(), key.language(), key.variant()), MixMinusChannel::new);
        LocalRtpStream stream = channel.streams[tierAt];
        if (stream == null) {
            String id = key.producerId(meetingId);
            if (media.router().producer(id) != null) {
                return null; // the same speaker's stream of a language removed a moment ago is still leaving
            }
            stream = LocalRtpStream.create(id, "audio", OPUS_PAYLOAD_TYPE, FrameFormat.SAMPLE_RATE);
            media.router().addProducer(stream.producer());
            channel.streams[tierAt] = stream;
        }
        return stream.producer();
    }

    /**
     * Forgets the mix-minus channels {@code which} selects: the mixer stops rendering them and their
     * producers are returned for the caller to remove from the router. Under {@code this}.
     */
    private List<Producer> dropMixMinus(java.util.function.Predicate<MixMinusChannel> which) {
        List<Producer> producers = new ArrayList<>();
        for (var it = mixMinus.values().iterator(); it.hasNext(); ) {
            MixMinusChannel channel = it.next();
            if (!which.test(channel)) {
                continue;
            }
            it.remove();
            channel.dropped = true;
            for (int t = 0; t < channel.streams.length; t++) {
                if (channel.listeners[t] > 0) {
                    channel.listeners[t] = 0;
                    pipeline.setMixMinusListeners(channel.key, tiers.get(t), 0, channel);
                }
                if (channel.streams[t] != null) {
                    producers.add(channel.streams[t].producer());
                }
            }
        }
        return producers;
    }

    /** Mix-minus streams with a listener now (for tests and diagnostics). */
    public synchronized int mixMinusListened() {
        int count = 0;
        for (MixMinusChannel channel : mixMinus.values()) {
            for (int listenersOfTier : channel.listeners) {
                count += listenersOfTier > 0 ? 1 : 0;
            }
        }
        return count;
    }

    /** One more listener receives {@code key}'s stream: it is encoded from the next tick on. */
    public void listenerAdded(ChannelKey key) {
        synchronized (this) {
            changeListeners(key, 1);
        }
        listenersChanged();
    }

    /** One listener fewer; a stream without listeners stops being encoded after the grace period. */
    public void listenerRemoved(ChannelKey key) {
        synchronized (this) {
            changeListeners(key, -1);
        }
        listenersChanged();
    }

    /**
     * Hands every frame of {@code key}'s stream to {@code tap} as well, from the next tick on, and
     * keeps the stream encoded while the tap is there. The tap runs on the mixer thread within the
     * tick, like any {@link EncodedFrameSink}: it must copy what it keeps, never block and never
     * throw. The frames' timestamps are on the meeting's one 48 kHz timeline, the same for every
     * language, so taps on several channels see the same tick boundaries.
     *
     * @return false if there is no such stream (a mix-minus, a language the meeting lacks) or the
     *     channels are closed
     */
    public boolean addTap(ChannelKey key, EncodedFrameSink tap) {
        if (key.isMixMinus() || !hasLanguage(key.language())) {
            return false;
        }
        synchronized (this) {
            int index = streamIndex(key.language(), key.variant(), key.tier());
            if (index < 0 || closed) {
                return false;
            }
            EncodedFrameSink[][] changed = taps.clone();
            EncodedFrameSink[] before = changed[index] == null ? new EncodedFrameSink[0] : changed[index];
            EncodedFrameSink[] after = Arrays.copyOf(before, before.length + 1);
            after[before.length] = tap;
            changed[index] = after;
            taps = changed;
            pipeline.setListeners(key.language(), key.variant(), key.tier(), listeners[index] + after.length);
            return true;
        }
    }

    /**
     * Stops handing {@code key}'s frames to {@code tap}; frames may still reach it during the tick
     * that is running. The stream stops being encoded after the grace period if nobody else hears it.
     */
    public synchronized void removeTap(ChannelKey key, EncodedFrameSink tap) {
        int index = key.isMixMinus() ? -1 : streamIndex(key.language(), key.variant(), key.tier());
        EncodedFrameSink[] before = index < 0 ? null : taps[index];
        if (before == null) {
            return;
        }
        EncodedFrameSink[] after = Arrays.stream(before).filter(t -> t != tap).toArray(EncodedFrameSink[]::new);
        EncodedFrameSink[][] changed = taps.clone();
        changed[index] = after.length == 0 ? null : after;
        taps = changed;
        if (!closed) {
            pipeline.setListeners(key.language(), key.variant(), key.tier(), listeners[index] + after.length);
        }
    }

    /** Taps on {@code key}'s stream now. */
    public synchronized int taps(ChannelKey key) {
        int index = key.isMixMinus() ? -1 : streamIndex(key.language(), key.variant(), key.tier());
        EncodedFrameSink[] current = index < 0 ? null : taps[index];
        return current == null ? 0 : current.length;
    }

    /**
     * Listeners of {@code language}'s {@code variant} in {@code tier} now: of the ordinary stream and
     * of the floor speakers' own streams of it (each hears the channel, without their own voice).
     */
    public synchronized int channelListeners(String language, Variant variant, Tier tier) {
        int total = listeners(new ChannelKey(language, variant, tier));
        int tierAt = tiers.indexOf(tier);
        for (MixMinusChannel channel : mixMinus.values()) {
            if (tierAt >= 0 && channel.key.language().equals(language) && channel.key.variant() == variant) {
                total += channel.listeners[tierAt];
            }
        }
        return total;
    }

    /** Listeners of {@code language}'s channel now, all variants and tiers together. */
    public synchronized int listeners(String language) {
        Integer languageAt = languageIndex.get(language);
        if (languageAt == null) {
            return 0;
        }
        int total = 0;
        int perLanguage = streamsPerLanguage();
        for (int i = languageAt * perLanguage; i < (languageAt + 1) * perLanguage; i++) {
            total += listeners[i];
        }
        for (MixMinusChannel channel : mixMinus.values()) {
            if (channel.key.language().equals(language)) {
                for (int listenersOfTier : channel.listeners) {
                    total += listenersOfTier;
                }
            }
        }
        return total;
    }

    /** The mixer's tick times and overruns so far (see {@link MixerMeters}). */
    public MixerMeters.TickReading tickReading() {
        return meters.tickReading();
    }

    /** The mixer's tick, {@code mixer.frameMs}, in nanoseconds. */
    public long frameNanos() {
        return clock.periodNanos();
    }

    /** The booth desk: handovers and routing. */
    public BoothControl booths() {
        return booths;
    }

    /**
     * Tells {@code newObserver} (replacing any other) about every booth change from now on, starting
     * with a snapshot at the next tick, and about listener changes.
     */
    public void observe(BoothsObserver newObserver) {
        observer = newObserver;
        control(mix -> null);
    }

    /**
     * Runs {@code action} on the mixer thread at the next tick, then tells the observer how the booths
     * look after it: every change to microphones and routing goes through here.
     */
    <T> CompletableFuture<T> control(Function<? super MeetingMix, ? extends T> action) {
        return pipeline.control(mix -> {
            T result = action.apply(mix);
            gateMicrophones(mix);
            BoothsObserver current = observer;
            if (current != null) {
                List<BoothState> states = new ArrayList<>(mix.booths().booths().size());
                for (Booth booth : mix.booths().booths()) {
                    states.add(BoothState.of(booth));
                }
                current.boothsChanged(++boothsVersion, states);
            }
            return result;
        });
    }

    /**
     * Opens in the router the interpreter microphones that are on air (live and not coughing) and
     * closes every other one, on the mixer thread right after each booth change, so the gate moves on
     * the frame the mix does. The one exception is the partner a handover is offered to: its
     * microphone opens when the offer is made, so that at the cross-over its packets are already in
     * its jitter buffer and the channel has no gap (DOMAIN.md: never a gap longer than a frame). The
     * mix still takes nothing of it until the partner accepts.
     */
    private void gateMicrophones(MeetingMix mix) {
        for (Map.Entry<String, Producer> microphone : microphones.entrySet()) {
            Interpreter interpreter = mix.booths().interpreter(microphone.getKey());
            boolean open = interpreter != null && (interpreter.isLive() && !interpreter.isCoughing()
                    || interpreter.booth().pendingHandoverTo() == interpreter);
            microphone.getValue().setMuted(!open);
        }
    }

    private void listenersChanged() {
        BoothsObserver current = observer;
        if (current != null) {
            current.listenersChanged();
        }
    }

    /** Listeners of {@code key}'s stream now. */
    public synchronized int listeners(ChannelKey key) {
        if (key.isMixMinus()) {
            MixMinusChannel channel = mixMinus.get(new MixMinusKey(key.mixMinusOf(), key.language(), key.variant()));
            int tierAt = tiers.indexOf(key.tier());
            return channel == null || tierAt < 0 ? 0 : channel.listeners[tierAt];
        }
        int index = streamIndex(key.language(), key.variant(), key.tier());
        return index < 0 ? 0 : listeners[index];
    }

    private void changeListeners(ChannelKey key, int delta) {
        if (key.isMixMinus()) {
            MixMinusChannel channel = mixMinus.get(new MixMinusKey(key.mixMinusOf(), key.language(), key.variant()));
            int tierAt = tiers.indexOf(key.tier());
            if (channel == null || tierAt < 0 || closed) {
                return; // dropped with its speaker or language
            }
            int count = Math.max(0, channel.listeners[tierAt] + delta);
            channel.listeners[tierAt] = count;
            pipeline.setMixMinusListeners(channel.key, key.tier(), count, channel);
            return;
        }
        int index = streamIndex(key.language(), key.variant(), key.tier());
        if (index < 0 || closed) {
            return;
        }
        int count = Math.max(0, listeners[index] + delta);
        listeners[index] = count;
        EncodedFrameSink[] streamTaps = taps[index];
        pipeline.setListeners(key.language(), key.variant(), key.tier(),
                count + (streamTaps == null ? 0 : streamTaps.length));
    }

    /**
     * Feeds {@code producer} (a publisher's microphone) into the mix: into the booth of
     * {@code boothLanguage} if it is an interpreter's (live only after {@link #micOn}), otherwise as a
     * floor speaker. An interpreter whose booth language is not the meeting's is not mixed at all.
     */
    public void addSource(Producer producer, String boothLanguage) {
        addSource(producer, boothLanguage, true);
    }

    /**
     * {@link #addSource(Producer, String)}; a floor voice that is not {@code heard} yet (a delegate
     * without the floor in a chaired meeting) is registered but stays out of the floor mix until
     * {@link #setFloorSpeaker}.
     */
    public void addSource(Producer producer, String boothLanguage, boolean heard) {
        String sourceId = producer.id();
        boolean interpreter = boothLanguage != null;
        if (interpreter && (ChannelKey.FLOOR.equals(boothLanguage) || !hasLanguage(boothLanguage))) {
            return;
        }
        SourceInput input = pipeline.addSource(sourceId);
        if (interpreter) {
            producer.setMuted(true); // off air until micOn
            microphones.put(sourceId, producer);
            control(mix -> mix.addInterpreter(boothLanguage, sourceId));
        } else if (heard) {
            control(mix -> mix.addFloorSpeaker(sourceId));
        }
        int audioLevelId = producer.extensionIds().audioLevelId();
        int levelId = audioLevelId > 0 ? audioLevelId : -1;
        producer.setTap((source, packet, nowNanos) -> input.offerRtp(packet, levelId, nowNanos));
    }

    /**
     * Puts the floor voice {@code producer} into the floor mix (fading in) or takes it out (fading
     * out) at the next tick; nothing if it is not a source of this meeting.
     */
    public void setFloorSpeaker(Producer producer, boolean heard) {
        String sourceId = producer.id();
        if (pipeline.source(sourceId) == null) {
            return;
        }
        pipeline.control(mix -> {
            if (mix.booths().interpreter(sourceId) != null) {
                return false;
            }
            return heard ? mix.addFloorSpeaker(sourceId) != null : mix.removeFloorSpeaker(sourceId);
        });
    }

    /**
     * The pipeline input fed by the producer {@code sourceId}, or null if it is not a source: for its
     * counters (e.g. {@link SourceInput#jitterBuffer()}'s lost, recovered and concealed frames).
     */
    public SourceInput source(String sourceId) {
        return pipeline.source(sourceId);
    }

    /**
     * How long the live interpreter of {@code language}'s booth has been on air without voice, in ms (the
     * mixer's count, {@link MeetingPipeline#silentMillis}); 0 when nobody is live, -1 for no such booth.
     */
    public long silentMillis(String language) {
        return pipeline.silentMillis(language);
    }

    /** Stops mixing {@code producer}; nothing if it was not a source. */
    public void removeSource(Producer producer) {
        producer.setTap(null);
        String sourceId = producer.id();
        if (microphones.remove(sourceId) != null) {
            producer.setMuted(true); // out of its booth (removed with its language): off air
        }
        List<Producer> ownStreams;
        synchronized (this) {
            ownStreams = dropMixMinus(channel -> channel.key.speakerId().equals(sourceId));
        }
        if (!ownStreams.isEmpty()) {
            Router router = media.router();
            onEventLoop(() -> ownStreams.forEach(router::removeProducer));
        }
        if (pipeline.source(sourceId) == null) {
            return;
        }
        control(mix -> {
            Interpreter interpreter = mix.booths().interpreter(sourceId);
            if (interpreter != null) {
                return interpreter.booth().removeInterpreter(interpreter);
            }
            return mix.removeFloorSpeaker(sourceId);
        });
        pipeline.removeSource(sourceId);
    }

    /**
     * Switches the interpreter microphone {@code sourceId} on, subject to the interlock; the result
     * (refusals name who holds the channel) completes on the mixer thread at the next tick.
     */
    public CompletableFuture<MicResult> micOn(String sourceId) {
        return control(mix -> {
            Interpreter interpreter = mix.booths().interpreter(sourceId);
            return interpreter == null ? notAnInterpreter(sourceId) : interpreter.micOn();
        });
    }

    /** Switches the interpreter microphone {@code sourceId} off. */
    public CompletableFuture<MicResult> micOff(String sourceId) {
        return control(mix -> {
            Interpreter interpreter = mix.booths().interpreter(sourceId);
            return interpreter == null ? notAnInterpreter(sourceId) : interpreter.micOff();
        });
    }

    /** Holds ({@code true}) or releases the cough key of the interpreter microphone {@code sourceId}. */
    public CompletableFuture<Boolean> cough(String sourceId, boolean held) {
        return control(mix -> {
            Interpreter interpreter = mix.booths().interpreter(sourceId);
            if (interpreter == null) {
                return false;
            }
            interpreter.cough(held);
            return true;
        });
    }

    /** The booth of {@code language} as the mixer thread sees it: for tests and diagnostics only. */
    CompletableFuture<Booth> booth(String language) {
        return pipeline.control(mix -> mix.booth(language));
    }

    private static MicResult notAnInterpreter(String sourceId) {
        return new MicResult(MicResult.Status.REFUSED_NOT_IN_BOOTH, sourceId + " is not an interpreter's microphone");
    }

    /** Mixer thread: one encoded frame of one stream, within the tick. */
    private void onFrame(String language, Variant variant, Tier tier, byte[] data, int length, long rtpTimestamp48k,
                         int durationSamples) {
        int index = streamIndex(language, variant, tier);
        LocalRtpStream stream = index < 0 ? null : streams[index];
        // Null: the language was removed since the mixer started this tick.
        if (stream != null) {
            injector.offer(stream, data, length, rtpTimestamp48k, durationSamples);
            EncodedFrameSink[][] allTaps = taps;
            EncodedFrameSink[] streamTaps = index < allTaps.length ? allTaps[index] : null;
            if (streamTaps != null) {
                for (EncodedFrameSink tap : streamTaps) {
                    tap.onFrame(language, variant, tier, data, length, rtpTimestamp48k, durationSamples);
                }
            }
        }
    }

    private int streamIndex(String language, Variant variant, Tier tier) {
        Integer languageAt = languageIndex.get(language);
        int tierAt = tiers.indexOf(tier);
        if (languageAt == null || tierAt < 0) {
            return -1;
        }
        return streamIndex(languageAt, variant, tierAt);
    }

    /** Router changes that touch consumers belong to the media event loop. */
    private void onEventLoop(Runnable task) {
        try {
            media.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the media core has stopped: no event loop left to race with
        }
    }

    private int streamsPerLanguage() {
        return VARIANT_COUNT * tiers.size();
    }

    private int streamIndex(int languageAt, Variant variant, int tierAt) {
        return (languageAt * VARIANT_COUNT + variant.ordinal()) * tiers.size() + tierAt;
    }

    /**
     * Removes the channel producers from the router (their consumers stop), takes the pipeline off
     * the clock and, once its last tick is over, frees its codecs and the injector's queued packets.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Router router = media.router();
        LocalRtpStream[] all = streams;
        List<Producer> ownStreams;
        synchronized (this) {
            ownStreams = dropMixMinus(channel -> true);
        }
        onEventLoop(() -> {
            for (LocalRtpStream stream : all) {
                if (stream != null) {
                    router.removeProducer(stream.producer());
                }
            }
            ownStreams.forEach(router::removeProducer);
        });
        meters.close();
        clock.unregister(pipeline).whenComplete((ignored, failure) -> {
            pipeline.close();
            injector.close();
        });
    }

    /**
     * A floor speaker's own streams of one channel variant: a producer per tier asked for, and the
     * sink the mixer hands their packets to (mixer thread, within the tick; nothing allocated).
     */
    private final class MixMinusChannel implements EncodedFrameSink {
        final MixMinusKey key;
        /** Written under the outer lock before the mixer is told of a listener (its task queue publishes them). */
        final LocalRtpStream[] streams = new LocalRtpStream[tiers.size()];
        /** Guarded by the outer lock. */
        final int[] listeners = new int[tiers.size()];
        volatile boolean dropped;

        MixMinusChannel(MixMinusKey key) {
            this.key = key;
        }

        @Override
        public void onFrame(String language, Variant variant, Tier tier, byte[] data, int length, long rtpTimestamp48k,
                            int durationSamples) {
            int tierAt = tiers.indexOf(tier);
            LocalRtpStream stream = tierAt < 0 ? null : streams[tierAt];
            if (stream != null && !dropped) {
                injector.offer(stream, data, length, rtpTimestamp48k, durationSamples);
            }
        }
    }
}
