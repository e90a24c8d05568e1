package org.parley.signaling.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.pipeline.MeetingPipeline;
import org.parley.mixer.pipeline.SourceCounter;
import org.parley.mixer.tier.Tier;

/**
 * The meters of one meeting's interpretation mixer, tagged {@code meeting}: registered when its
 * pipeline starts, removed by {@link #close()} when it stops, so ended meetings leave no series.
 *
 * <table>
 *   <caption>Prometheus names</caption>
 *   <tr><td>{@code parley_mixer_tick_seconds}</td><td>histogram of one tick's work</td></tr>
 *   <tr><td>{@code parley_mixer_tick_overruns_total}</td><td>ticks whose work took longer than the frame</td></tr>
 *   <tr><td>{@code parley_mixer_encodes_total{tier}}</td><td>Opus encodes per listener tier</td></tr>
 *   <tr><td>{@code parley_mixer_source_frames_lost_total}, {@code _recovered_total},
 *       {@code _concealed_total}, {@code parley_mixer_source_packets_late_total}</td>
 *       <td>the sources' jitter buffer counters</td></tr>
 *   <tr><td>{@code parley_mixer_live_booths}</td><td>booths with a live microphone</td></tr>
 *   <tr><td>{@code parley_mixer_mix_minus_streams}</td><td>floor speakers' own streams in the mix (a
 *       channel variant without the speaker, for that speaker)</td></tr>
 *   <tr><td>{@code parley_mixer_mix_minus_encoding}</td><td>those of them encoding frames of their own
 *       now (the speaker is audible in them; the others carry the ordinary stream's packets)</td></tr>
 *   <tr><td>{@code parley_mixer_mix_minus_encodes_total{tier}}</td><td>the mix-minus streams' own
 *       encodes, per tier; also counted in {@code parley_mixer_encodes_total}</td></tr>
 *   <tr><td>{@code parley_mixer_booth_silence_seconds{booth}}</td><td>how long the booth's live
 *       interpreter has been on air without voice ({@link MeetingPipeline#silentMillis}); 0 when the
 *       booth is not live</td></tr>
 *   <tr><td>{@code parley_channel_listeners{language,variant,tier}}</td><td>listeners of each stream of
 *       each channel ({@code language="floor"}: the floor), floor speakers on their mix-minus of it
 *       included</td></tr>
 * </table>
 *
 * <p>Per-language meters come and go with the meeting's languages ({@link #languageAdded},
 * {@link #languageRemoved}), so their number is languages × variants × tiers, never participants.
 * Counters and gauges read the pipeline's own counters at scrape time; the tick timer is the
 * only meter the mixer thread touches, once per tick, without allocating.
 */
public final class MixerMeters implements AutoCloseable {

    // Bucket bounds around what matters: a 10 or 20 ms period, and how much of it a tick uses.
    private static final Duration[] TICK_BUCKETS = {
            Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40)};

    /** Listeners of one stream of a channel now: read at scrape time, from the scraping thread. */
    @FunctionalInterface
    public interface ChannelListeners {
        int of(Variant variant, Tier tier);
    }

    private final MeterRegistry registry;
    private final MeetingPipeline pipeline;
    private final Tags meeting;
    private final List<Meter> meters = new ArrayList<>();
    /** The meters of each language; guarded by {@code this}. */
    private final Map<String, List<Meter>> languageMeters = new HashMap<>();
    private boolean closed;
    private Timer tick;

    private MixerMeters(MeterRegistry registry, MeetingPipeline pipeline, Tags meeting) {
        this.registry = registry;
        this.pipeline = pipeline;
        this.meeting = meeting;
    }

    /** Registers the meters of {@code meetingId}'s {@code pipeline} and becomes its tick observer. */
    public static MixerMeters register(MeterRegistry registry, String meetingId, MeetingPipeline pipeline) {
        Tags meeting = Tags.of("meeting", meetingId);
        MixerMeters mixer = new MixerMeters(registry, pipeline, meeting);
        Timer tick = Timer.builder("parley.mixer.tick").tags(meeting)
                .description("Work of one mixer tick: decode, mix, encode")
                .serviceLevelObjectives(TICK_BUCKETS).register(registry);
        mixer.meters.add(tick);
        mixer.tick = tick;
        mixer.meters.add(FunctionCounter.builder("parley.mixer.tick.overruns", pipeline, MeetingPipeline::overruns)
                .tags(meeting).description("Mixer ticks whose work took longer than the frame").register(registry));
        for (Tier tier : pipeline.tiers().tiers()) {
            mixer.meters.add(FunctionCounter.builder("parley.mixer.encodes", pipeline, p -> p.encodes(tier))
                    .tags(meeting).tag("tier", tier.name())
                    .description("Opus encodes of channel frames, per listener tier").register(registry));
        }
        mixer.sourceCounter("parley.mixer.source.frames.lost", SourceCounter.LOST, meeting,
                "Source packets missing in their turn");
        mixer.sourceCounter("parley.mixer.source.frames.recovered", SourceCounter.RECOVERED_BY_FEC, meeting,
                "Lost source packets rebuilt from in-band FEC");
        mixer.sourceCounter("parley.mixer.source.frames.concealed", SourceCounter.CONCEALED, meeting,
                "Source audio concealed by the decoder (lost, or the jitter buffer ran dry)");
        mixer.sourceCounter("parley.mixer.source.packets.late", SourceCounter.LATE, meeting,
                "Source packets that arrived after their turn");
        mixer.meters.add(Gauge.builder("parley.mixer.live.booths", pipeline, MeetingPipeline::liveBooths)
                .tags(meeting).description("Booths with a live microphone").register(registry));
        mixer.meters.add(Gauge.builder("parley.mixer.mix.minus.streams", pipeline, MeetingPipeline::mixMinusStreams)
                .tags(meeting).description("Floor speakers' own streams (the channel without them) in the mix")
                .register(registry));
        mixer.meters.add(Gauge.builder("parley.mixer.mix.minus.encoding", pipeline, MeetingPipeline::mixMinusEncoding)
                .tags(meeting).description("Mix-minus streams encoding frames of their own (the speaker is audible)")
                .register(registry));
        for (Tier tier : pipeline.tiers().tiers()) {
            mixer.meters.add(FunctionCounter.builder("parley.mixer.mix.minus.encodes", pipeline,
                            p -> p.mixMinusEncodes(tier))
                    .tags(meeting).tag("tier", tier.name())
                    .description("Opus encodes of mix-minus frames, per tier (part of parley_mixer_encodes_total)")
                    .register(registry));
        }
        pipeline.setTickObserver(nanos -> tick.record(nanos, TimeUnit.NANOSECONDS));
        return mixer;
    }

    /** How the mixer's ticks went so far, for the operator dashboard; any thread. */
    public TickReading tickReading() {
        return new TickReading(tick.count(), tick.totalTime(TimeUnit.NANOSECONDS), tick.max(TimeUnit.NANOSECONDS),
                pipeline.overruns());
    }

    /**
     * The tick timer and the overrun counter as they stand: two readings a second apart give the mean
     * tick of that second.
     *
     * @param ticks      ticks timed so far
     * @param totalNanos their work, summed
     * @param maxNanos   the longest tick of the timer's decaying window (Micrometer's default: about the
     *                   last two minutes)
     * @param overruns   ticks whose work took longer than the frame, so far
     */
    public record TickReading(long ticks, double totalNanos, double maxNanos, long overruns) {
    }

    private void sourceCounter(String name, SourceCounter counter, Tags meeting, String description) {
        meters.add(FunctionCounter.builder(name, pipeline, p -> p.sourceTotal(counter))
                .tags(meeting).description(description).register(registry));
    }

    /**
     * Registers the meters of {@code language}'s channel: listeners of each variant and tier, read
     * from {@code listeners}; and, if the language has a booth (the floor has none), the silence of
     * its live interpreter. Nothing once closed, or if the language has them already.
     */
    public synchronized void languageAdded(String language, boolean hasBooth, ChannelListeners listeners) {
        if (closed || languageMeters.containsKey(language)) {
            return;
        }
        List<Meter> added = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            for (Tier tier : pipeline.tiers().tiers()) {
                // Strong: the function is referenced by nothing else, and a gauge's weak reference would lose it.
                added.add(Gauge.builder("parley.channel.listeners", () -> listeners.of(variant, tier))
                        .tags(meeting).tag("language", language).tag("variant", variant.wireName())
                        .tag("tier", tier.name()).strongReference(true)
                        .description("Listeners of a channel's stream (floor speakers on their mix-minus of it included)")
                        .register(registry));
            }
        }
        if (hasBooth) {
            added.add(Gauge.builder("parley.mixer.booth.silence", pipeline,
                            p -> Math.max(0, p.silentMillis(language)) / 1000.0)
                    .tags(meeting).tag("booth", language).baseUnit("seconds")
                    .description("How long the booth's live interpreter has been on air without voice (0: not live)")
                    .register(registry));
        }
        languageMeters.put(language, added);
    }

    /** Removes the meters of {@code language}'s channel (the meeting no longer has the language). */
    public synchronized void languageRemoved(String language) {
        List<Meter> removed = languageMeters.remove(language);
        if (removed != null) {
            removed.forEach(registry::remove);
        }
    }

    /** Removes the meters from the registry and stops timing ticks. */
    @Override
    public synchronized void close() {
        closed = true;
        pipeline.setTickObserver(null);
        for (Meter meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
        for (List<Meter> ofLanguage : languageMeters.values()) {
            ofLanguage.forEach(registry::remove);
        }
        languageMeters.clear();
    }
}
