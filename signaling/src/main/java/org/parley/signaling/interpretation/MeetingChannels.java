package org.parley.signaling.interpretation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
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
import org.parley.mixer.pipeline.MixerClock;
import org.parley.mixer.pipeline.SourceInput;
import org.parley.mixer.tick.FrameFormat;
import org.parley.mixer.tick.MeetingMix;
import org.parley.mixer.tick.MixSettings;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;

/**
 * The interpretation of one meeting inside the SFU: a {@link MeetingPipeline} on the shared
 * {@link MixerClock}, fed by the meeting's publishers, whose encoded channel streams are local
 * producers in the media core's {@link Router}.
 *
 * <p>Every (language, variant, tier) has its producer from the start, with a stable id
 * ({@link ChannelKey#producerId}); a stream is encoded only while it has listeners
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
    private final List<String> languages;
    private final Map<String, Integer> languageIndex = new HashMap<>();
    private final TierSet tiers;
    private final MediaServer media;
    private final MixerClock clock;
    private final RtpInjector injector;
    private final MeetingPipeline pipeline;
    /** Indexed by {@link #streamIndex}; written once in the constructor. */
    private final LocalRtpStream[] streams;
    /** Listeners per stream, same index; guarded by {@code this}. */
    private final int[] listeners;
    private final BoothControl booths = new BoothControl(this);
    private volatile BoothsObserver observer;
    /** Mixer thread: numbers the booth snapshots. */
    private long boothsVersion;
    private boolean closed;

    MeetingChannels(String meetingId, List<String> languages, TierSet tiers, MediaServer media, MixerClock clock) {
        this.meetingId = meetingId;
        this.languages = List.copyOf(languages);
        this.tiers = tiers;
        this.media = media;
        this.clock = clock;
        // The floor is one more channel: a booth nobody interprets in stays idle, so its channel
        // carries exactly the floor, and SharedEncoding gives it the same encode as idle languages.
        List<String> channelLanguages = new ArrayList<>(this.languages);
        channelLanguages.add(ChannelKey.FLOOR);
        for (int i = 0; i < channelLanguages.size(); i++) {
            languageIndex.put(channelLanguages.get(i), i);
        }
        this.streams = new LocalRtpStream[channelLanguages.size() * VARIANT_COUNT * tiers.size()];
        this.listeners = new int[streams.length];
        for (String language : channelLanguages) {
            for (Variant variant : Variant.values()) {
                for (Tier tier : tiers.tiers()) {
                    ChannelKey key = new ChannelKey(language, variant, tier);
                    streams[streamIndex(language, variant, tier)] = LocalRtpStream.create(key.producerId(meetingId),
                            "audio", OPUS_PAYLOAD_TYPE, FrameFormat.SAMPLE_RATE);
                }
            }
        }
        this.injector = new RtpInjector(media.eventLoop(), media.allocator(), INJECTOR_CAPACITY);
        this.pipeline = new MeetingPipeline(MixSettings.DEFAULTS, tiers, this::onFrame);
        for (String language : channelLanguages) {
            pipeline.addLanguage(language);
        }
        for (LocalRtpStream stream : streams) {
            media.router().addProducer(stream.producer());
        }
        clock.register(pipeline);
    }

    public String meetingId() {
        return meetingId;
    }

    public List<String> languages() {
        return languages;
    }

    public TierSet tiers() {
        return tiers;
    }

    /** The producer of {@code key}'s stream, or null if the language is neither this meeting's nor {@link ChannelKey#FLOOR}. */
    public Producer producer(ChannelKey key) {
        int index = streamIndex(key.language(), key.variant(), key.tier());
        return index < 0 ? null : streams[index].producer();
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

    /** Listeners of {@code language}'s channel now, all variants and tiers together. */
    public synchronized int listeners(String language) {
        Integer languageAt = languageIndex.get(language);
        if (languageAt == null) {
            return 0;
        }
        int total = 0;
        int perLanguage = VARIANT_COUNT * tiers.size();
        for (int i = languageAt * perLanguage; i < (languageAt + 1) * perLanguage; i++) {
            total += listeners[i];
        }
        return total;
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

    private void listenersChanged() {
        BoothsObserver current = observer;
        if (current != null) {
            current.listenersChanged();
        }
    }

    /** Listeners of {@code key}'s stream now. */
    public synchronized int listeners(ChannelKey key) {
        int index = streamIndex(key.language(), key.variant(), key.tier());
        return index < 0 ? 0 : listeners[index];
    }

    private void changeListeners(ChannelKey key, int delta) {
        int index = streamIndex(key.language(), key.variant(), key.tier());
        if (index < 0 || closed) {
            return;
        }
        int count = Math.max(0, listeners[index] + delta);
        listeners[index] = count;
        pipeline.setListeners(key.language(), key.variant(), key.tier(), count);
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
        if (interpreter && (!languageIndex.containsKey(boothLanguage) || ChannelKey.FLOOR.equals(boothLanguage))) {
            return;
        }
        SourceInput input = pipeline.addSource(sourceId);
        if (interpreter) {
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

    /** Stops mixing {@code producer}; nothing if it was not a source. */
    public void removeSource(Producer producer) {
        producer.setTap(null);
        String sourceId = producer.id();
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
        if (index >= 0) {
            injector.offer(streams[index], data, length, rtpTimestamp48k, durationSamples);
        }
    }

    private int streamIndex(String language, Variant variant, Tier tier) {
        Integer languageAt = languageIndex.get(language);
        int tierAt = tiers.indexOf(tier);
        if (languageAt == null || tierAt < 0) {
            return -1;
        }
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
        Runnable removeProducers = () -> {
            for (LocalRtpStream stream : streams) {
                router.removeProducer(stream.producer());
            }
        };
        try {
            media.eventLoop().execute(removeProducers);
        } catch (RejectedExecutionException e) {
            removeProducers.run(); // the media core has stopped: no event loop left to race with
        }
        clock.unregister(pipeline).whenComplete((ignored, failure) -> {
            pipeline.close();
            injector.close();
        });
    }
}
