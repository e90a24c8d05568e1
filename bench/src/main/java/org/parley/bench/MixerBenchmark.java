package org.parley.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.jitter.JitterBuffer;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.RateMode;
import org.parley.mixer.pipeline.MeetingPipeline;
import org.parley.mixer.pipeline.MixMinusKey;
import org.parley.mixer.pipeline.SourceInput;
import org.parley.mixer.tick.FrameFormat;
import org.parley.mixer.tick.MeetingMix;
import org.parley.mixer.tick.MixSettings;
import org.parley.mixer.tier.EncodedFrameSink;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;
import org.parley.mixer.tier.TieredEncoder;

/**
 * One mixer tick of a six-language meeting, and its parts.
 *
 * <ul>
 *   <li>{@code tick}: one floor speaker and {@code liveBooths} of the six interpreters live, handed
 *       over as Opus RTP payloads (a jitter buffer and a decode each), the mix, and six channels ×
 *       two variants encoded for the {@code standard} (20 ms) and {@code low} (120 ms, so one encode
 *       every sixth tick) tiers. The budget is 2 ms of a 20 ms period. With all six booths live
 *       every one of the 12 variants is distinct; an idle booth's channel is the floor in both
 *       variants, and all idle channels share one encode per tier ({@code SharedEncoding}).
 *   <li>{@code laneEncodes}: the six-live-booth tick's encodes alone: 12 distinct streams, each in
 *       {@code standard} and {@code low}, straight into their {@link TieredEncoder}s. The gap to
 *       {@code tick} with six live booths is the rest of the pipeline (decodes, mix, sharing).
 *   <li>{@code tick} with {@code -p floorSpeakers=N -p mixMinus=true}: N floor speakers (instead of
 *       the one chair), each listening to its own mix-minus of one language's MIXED variant in
 *       {@code standard} (speaker i: language i mod 6), so N extra streams are rendered and encoded;
 *       {@code mixMinus=false} is the same meeting without them, the baseline.
 *   <li>{@code mixOnly}: the PCM mix of the same meeting ({@code MeetingMix.tick}, no codec): the
 *       part of a tick that is Parley's own, with or without the speakers' mix-minus streams.
 *   <li>{@code decodeSource}: one source's packet through its jitter buffer and decoder.
 *   <li>{@code encodeStandardTier} / {@code encodeLowTier}: one channel variant's tick in one tier
 *       (the low tier's 120 ms encode amortised over its six ticks).
 * </ul>
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} should be about 0 B/op.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar MixerBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MixerBenchmark {

    private static final List<String> LANGUAGES = List.of("en", "fr", "es", "ru", "zh", "ar");
    private static final int FRAME = 960;
    private static final int FRAMES = 50;
    private static final int SOURCE_OFFSET = 7;

    /** How many of the six booths have their interpreter's microphone on. */
    @Param({"6", "3", "0"})
    public int liveBooths;

    /**
     * The {@code standard} tier's rate mode: {@code default} runs {@link TierSet#defaults()} as
     * they are; {@code CBR}, {@code CVBR} or {@code VBR} replaces the standard tier's (e.g.
     * {@code -p standardRateMode=CBR} for what a meeting that hides packet lengths costs).
     */
    @Param({"default"})
    public String standardRateMode;

    /** Floor speakers, all talking (each one more source to decode). */
    @Param({"1"})
    public int floorSpeakers;

    /** Whether every floor speaker listens to its own mix-minus (a MIXED channel without itself). */
    @Param({"false"})
    public boolean mixMinus;

    private final short[][] speech = new short[FRAMES][];
    private final byte[][] packets = new byte[FRAMES][];
    private final short[] pcm = new short[FRAME];
    private long bytesSent;
    private final EncodedFrameSink sink =
            (language, variant, tier, data, length, timestamp, duration) -> bytesSent += length;

    private MeetingPipeline pipeline;
    private SourceInput[] inputs;
    private int tickSequence;

    private MeetingMix pcmMix;
    private String[] pcmSources;
    private int pcmTick;

    private JitterBuffer jitterBuffer;
    private int decodeSequence;

    private TierSet tiers;
    private TieredEncoder standardEncoder;
    private TieredEncoder lowEncoder;
    private TieredEncoder[] lanes;
    private int laneTick;
    private long encodeTimestamp;
    private int encodeFrame;

    @Setup(Level.Trial)
    public void setUp() throws OpusException {
        encodeSpeech();
        tiers = tierSet(standardRateMode);
        Tier standard = tiers.get(TierSet.STANDARD.name());
        Tier low = tiers.get(TierSet.LOW.name());

        pipeline = new MeetingPipeline(MixSettings.DEFAULTS, tiers, sink);
        inputs = new SourceInput[LANGUAGES.size() + floorSpeakers];
        for (int i = 0; i < LANGUAGES.size(); i++) {
            String language = LANGUAGES.get(i);
            pipeline.addLanguage(language);
            inputs[floorSpeakers + i] = pipeline.addSource(language + "-1");
            for (Variant variant : Variant.values()) {
                pipeline.setListeners(language, variant, standard, 100);
                pipeline.setListeners(language, variant, low, 10);
            }
        }
        for (int s = 0; s < floorSpeakers; s++) {
            inputs[s] = pipeline.addSource(speaker(s)); // the chair first, as before speakers were a parameter
            if (mixMinus) {
                pipeline.setMixMinusListeners(new MixMinusKey(speaker(s), LANGUAGES.get(s % LANGUAGES.size()),
                        Variant.MIXED), standard, 1, sink);
            }
        }
        pipeline.control(mix -> {
            for (int s = 0; s < floorSpeakers; s++) {
                mix.addFloorSpeaker(speaker(s));
            }
            for (int i = 0; i < LANGUAGES.size(); i++) {
                String language = LANGUAGES.get(i);
                var interpreter = mix.addInterpreter(language, language + "-1");
                if (i < liveBooths) {
                    interpreter.micOn();
                }
            }
            return null;
        });

        pcmMix = new MeetingMix(MixSettings.DEFAULTS);
        pcmSources = new String[floorSpeakers + LANGUAGES.size()];
        for (int s = 0; s < floorSpeakers; s++) {
            pcmSources[s] = speaker(s);
        }
        for (int i = 0; i < LANGUAGES.size(); i++) {
            String language = LANGUAGES.get(i);
            pcmMix.addLanguage(language);
            pcmSources[floorSpeakers + i] = language + "-1";
            var interpreter = pcmMix.addInterpreter(language, language + "-1");
            if (i < liveBooths) {
                interpreter.micOn();
            }
        }
        for (int s = 0; s < floorSpeakers; s++) {
            pcmMix.addFloorSpeaker(speaker(s));
            if (mixMinus) {
                pcmMix.addMixMinus(speaker(s), LANGUAGES.get(s % LANGUAGES.size()), Variant.MIXED);
            }
        }

        jitterBuffer = new JitterBuffer(OpusDecoder.create(48_000, 1));
        standardEncoder = encoderFor(standard);
        lowEncoder = encoderFor(low);
        lanes = new TieredEncoder[LANGUAGES.size() * Variant.values().length];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new TieredEncoder(LANGUAGES.get(i / 2), Variant.values()[i % 2], tiers, FrameFormat.MS_20, sink);
            lanes[i].setListeners(standard, 1);
            lanes[i].setListeners(low, 1);
        }
    }

    private static String speaker(int index) {
        return index == 0 ? "chair" : "delegate-" + index;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pipeline.close();
        jitterBuffer.close();
        standardEncoder.close();
        lowEncoder.close();
        for (TieredEncoder lane : lanes) {
            lane.close();
        }
    }

    @Benchmark
    public long tick() {
        int n = tickSequence++;
        for (int i = 0; i < inputs.length; i++) {
            // Each source a different stretch of the speech: identical interpreters would make their
            // channels identical, and SharedEncoding would encode them once.
            byte[] packet = packets[(n + SOURCE_OFFSET * i) % FRAMES];
            inputs[i].offer(i, n & 0xFFFF, (long) FRAME * n, false, 30, arrival(n), packet, 0, packet.length);
        }
        pipeline.tick();
        return bytesSent;
    }

    @Benchmark
    public short mixOnly() {
        int n = pcmTick++;
        for (int i = 0; i < pcmSources.length; i++) {
            pcmMix.offer(pcmSources[i], speech[(n + SOURCE_OFFSET * i) % FRAMES]);
        }
        pcmMix.tick();
        return pcmMix.output(LANGUAGES.get(0), Variant.MIXED)[FRAME / 2];
    }

    @Benchmark
    public long laneEncodes() {
        int n = laneTick++;
        for (int i = 0; i < lanes.length; i++) {
            lanes[i].encode(speech[(n + SOURCE_OFFSET * i) % FRAMES], (long) FRAME * n);
        }
        return bytesSent;
    }

    @Benchmark
    public short decodeSource() {
        int n = decodeSequence++;
        byte[] packet = packets[n % FRAMES];
        jitterBuffer.insert(1, n & 0xFFFF, (long) FRAME * n, false, packet, 0, packet.length, arrival(n));
        jitterBuffer.pull(pcm);
        return pcm[FRAME / 2];
    }

    @Benchmark
    public long encodeStandardTier() {
        return encodeOneTick(standardEncoder);
    }

    @Benchmark
    public long encodeLowTier() {
        return encodeOneTick(lowEncoder);
    }

    /**
     * Packet {@code n} arrives on time, as on a clean link. (Wall-clock arrivals would make the
     * jitter buffers see packets arriving ever earlier, since the benchmark runs faster than 20 ms
     * per tick.)
     */
    private static long arrival(int n) {
        return n * 20_000_000L;
    }

    private long encodeOneTick(TieredEncoder encoder) {
        short[] frame = speech[encodeFrame];
        encodeFrame = encodeFrame + 1 == FRAMES ? 0 : encodeFrame + 1;
        encoder.encode(frame, encodeTimestamp);
        encodeTimestamp += FRAME;
        return bytesSent;
    }

    private TieredEncoder encoderFor(Tier tier) {
        TieredEncoder encoder = new TieredEncoder("fr", Variant.MIXED, tiers, FrameFormat.MS_20, sink);
        encoder.setListeners(tier, 1);
        return encoder;
    }

    private static TierSet tierSet(String standardRateMode) {
        if (standardRateMode.equals("default")) {
            return TierSet.defaults();
        }
        RateMode mode = RateMode.valueOf(standardRateMode);
        List<Tier> tiers = new ArrayList<>(TierSet.defaults().tiers());
        Tier standard = TierSet.STANDARD;
        tiers.set(tiers.indexOf(standard), new Tier(standard.name(), standard.bandwidth(), standard.bitrate(),
                standard.frameMillis(), standard.fec(), standard.expectedLossPercent(), standard.dtx(),
                standard.application(), mode, standard.complexity()));
        return TierSet.of(tiers);
    }

    /** One second of a voiced, syllable-modulated signal, and its packets as a browser would send them. */
    private void encodeSpeech() throws OpusException {
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = OpusEncoder.create(48_000, 1, Application.VOIP)) {
            encoder.setBitrate(32_000);
            for (int f = 0; f < FRAMES; f++) {
                short[] frame = new short[FRAME];
                for (int i = 0; i < FRAME; i++) {
                    double t = (double) (f * FRAME + i) / 48_000;
                    double voiced = 0;
                    for (int harmonic = 1; harmonic <= 10; harmonic++) {
                        voiced += Math.sin(2 * Math.PI * 150 * harmonic * t) / harmonic;
                    }
                    frame[i] = (short) (6000 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) * voiced);
                }
                speech[f] = frame;
                int length = encoder.encode(frame, 0, FRAME, packet, 0, packet.length);
                packets[f] = Arrays.copyOf(packet, length);
            }
        }
    }
}
