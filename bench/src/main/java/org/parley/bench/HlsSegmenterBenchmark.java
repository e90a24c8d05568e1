package org.parley.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.fmp4.OpusTrack;
import org.parley.mixer.hls.HlsRendition;
import org.parley.mixer.hls.HlsTimeline;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.tier.EncodedFrameSink;
import org.parley.mixer.tier.TierSet;

/**
 * What the webcast adds to a mixer tick: the segmenting of a six-language meeting (the floor and six
 * languages, seven renditions), one 20 ms Opus packet each per tick, through the taps' sinks
 * ({@link HlsTimeline}) into {@link org.parley.mixer.hls.HlsSegmenter}s with 2 s segments and a
 * live window of 6. The packets are real libopus output of the standard tier's settings (about
 * 60 bytes). One operation is one tick: seven packets copied, and every 100th tick seven segments
 * written ({@code moof}/{@code mdat}, one array each) and the windows moved. Compare with
 * {@code MixerBenchmark.tick} (the tick's decode, mix and encodes).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar HlsSegmenterBenchmark -prof gc</pre>
 * {@code gc.alloc.rate.norm} is the segment arrays (about 7 × 6 KB per 100 ticks) and nothing per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HlsSegmenterBenchmark {

    private static final int RENDITIONS = 7;
    private static final int FRAME = 960;

    private final EncodedFrameSink[] sinks = new EncodedFrameSink[RENDITIONS];
    private final HlsRendition[] renditions = new HlsRendition[RENDITIONS];
    private final byte[][] packets = new byte[50][];
    private long timestamp;
    private int next;

    @Setup
    public void setUp() throws org.parley.mixer.opus.OpusException {
        for (int i = 0; i < RENDITIONS; i++) {
            renditions[i] = new HlsRendition("r" + i, new OpusTrack(1, 312, "und"), 96_000, 6);
        }
        HlsTimeline timeline = HlsTimeline.continuing(java.util.List.of(renditions), 96_000);
        for (int i = 0; i < RENDITIONS; i++) {
            sinks[i] = timeline.sink(renditions[i]);
        }
        short[] speech = org.parley.mixer.measure.VoicedSignal.of(48_000);
        try (OpusEncoder encoder = OpusEncoder.create(48_000, 1, Application.VOIP)) {
            encoder.setBitrate(TierSet.STANDARD.bitrate());
            encoder.setRateMode(TierSet.STANDARD.rateMode());
            encoder.setComplexity(TierSet.STANDARD.complexity());
            byte[] out = new byte[1500];
            for (int i = 0; i < packets.length; i++) {
                int length = encoder.encode(speech, i * FRAME, FRAME, out, 0, out.length);
                packets[i] = java.util.Arrays.copyOf(out, length);
            }
        }
    }

    @Benchmark
    public void tick(Blackhole hole) {
        byte[] packet = packets[next];
        next = next + 1 == packets.length ? 0 : next + 1;
        for (int i = 0; i < RENDITIONS; i++) {
            sinks[i].onFrame("x", Variant.MIXED, TierSet.STANDARD, packet, packet.length, timestamp, FRAME);
        }
        timestamp += FRAME;
        hole.consume(renditions[0].window());
    }
}
