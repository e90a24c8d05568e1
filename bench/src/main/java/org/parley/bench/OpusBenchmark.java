package org.parley.bench;

import java.util.Arrays;
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
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.Bandwidth;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.RateMode;

/**
 * Cost of one mixer frame through libopus: encoding and decoding 20 ms of 48 kHz mono at
 * 24 kbit/s, default complexity. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} should be
 * about 0 B/op, since both directions copy through preallocated native scratch buffers.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar OpusBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OpusBenchmark {

    private static final int RATE = 48_000;
    private static final int FRAME = 960;
    private static final int FRAMES = 50;

    private OpusEncoder encoder;
    private OpusDecoder decoder;
    private final short[] input = new short[FRAMES * FRAME];
    private final short[] output = new short[FRAME];
    private final byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
    private final byte[][] packets = new byte[FRAMES][];
    private int encodeIndex;
    private int decodeIndex;

    @Setup(Level.Trial)
    public void setUp() throws OpusException {
        // One second of a voiced, syllable-modulated signal so the encoder does real work.
        for (int i = 0; i < input.length; i++) {
            double t = (double) i / RATE;
            double voiced = 0;
            for (int harmonic = 1; harmonic <= 10; harmonic++) {
                voiced += Math.sin(2 * Math.PI * 150 * harmonic * t) / harmonic;
            }
            input[i] = (short) (6000 * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t)) * voiced);
        }
        encoder = OpusEncoder.create(RATE, 1, Application.VOIP);
        encoder.setBitrate(24_000);
        decoder = OpusDecoder.create(RATE, 1);
        for (int i = 0; i < FRAMES; i++) {
            int length = encoder.encode(input, i * FRAME, FRAME, packet, 0, packet.length);
            packets[i] = Arrays.copyOf(packet, length);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        encoder.close();
        decoder.close();
    }

    @Benchmark
    public int encode() throws OpusException {
        int frame = encodeIndex;
        encodeIndex = frame + 1 == FRAMES ? 0 : frame + 1;
        return encoder.encode(input, frame * FRAME, FRAME, packet, 0, packet.length);
    }

    /**
     * One frame with a single setting changed from the plain encoder above, to isolate what a tier's
     * encode costs: {@code plain} (24 kbit/s VBR, default complexity 9), {@code c5} (complexity 5),
     * {@code cbr}, {@code wb} (forced wideband), {@code fec10} (in-band FEC at 10 % expected loss);
     * {@code standardC5} (CBR, complexity 5: as it was first), {@code standardCbr} (CBR, complexity
     * 3: as it was before rate modes), {@code standard} (the tier: constrained VBR, complexity 2),
     * {@code standardVbr} (unconstrained VBR: the same packets as constrained in SILK mode),
     * {@code standardC1} (constrained VBR, complexity 1: mediumband); {@code low} (the tier:
     * 12 kbit/s wideband CBR with FEC, complexity 1, one 60 ms frame), {@code lowCvbr} (constrained
     * VBR) and {@code lowC5} (CBR, complexity 5).
     */
    @Benchmark
    public int encodeWith(EncoderSettings settings) throws OpusException {
        int frame = encodeIndex;
        encodeIndex = frame + 1 == FRAMES ? 0 : frame + 1;
        int start = Math.min(frame * FRAME, input.length - settings.frameSamples);
        return settings.encoder.encode(input, start, settings.frameSamples, packet, 0, packet.length);
    }

    /** The encoder {@link #encodeWith} uses, configured as its {@code settings} parameter says. */
    @State(Scope.Thread)
    public static class EncoderSettings {
        @Param({"plain", "c5", "cbr", "wb", "fec10", "standardC5", "standardCbr", "standard", "standardVbr",
            "standardC1", "lowC5", "low", "lowCvbr"})
        public String settings;

        OpusEncoder encoder;
        int frameSamples = FRAME;

        @Setup(Level.Trial)
        public void setUp() {
            encoder = OpusEncoder.create(RATE, 1, Application.VOIP);
            encoder.setBitrate(24_000);
            switch (settings) {
                case "plain" -> { }
                case "c5" -> encoder.setComplexity(5);
                case "cbr" -> encoder.setVbr(false);
                case "wb" -> encoder.setBandwidth(Bandwidth.WIDEBAND);
                case "fec10" -> {
                    encoder.setInbandFec(true);
                    encoder.setPacketLossPercent(10);
                }
                case "standardC5" -> tier(24_000, 5, RateMode.CBR);
                case "standardCbr" -> tier(24_000, 3, RateMode.CBR);
                case "standard" -> tier(24_000, 2, RateMode.CVBR);
                case "standardVbr" -> tier(24_000, 2, RateMode.VBR);
                case "standardC1" -> tier(24_000, 1, RateMode.CVBR);
                case "lowC5" -> {
                    tier(12_000, 5, RateMode.CBR);
                    frameSamples = 3 * FRAME;
                }
                case "low" -> {
                    tier(12_000, 1, RateMode.CBR);
                    frameSamples = 3 * FRAME;
                }
                case "lowCvbr" -> {
                    tier(12_000, 1, RateMode.CVBR);
                    frameSamples = 3 * FRAME;
                }
                default -> throw new IllegalArgumentException(settings);
            }
        }

        private void tier(int bitrate, int complexity, RateMode rateMode) {
            encoder.setBitrate(bitrate);
            encoder.setRateMode(rateMode);
            encoder.setBandwidth(Bandwidth.WIDEBAND);
            encoder.setComplexity(complexity);
            encoder.setInbandFec(true);
            encoder.setPacketLossPercent(10);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            encoder.close();
        }
    }

    @Benchmark
    public int decode() throws OpusException {
        byte[] next = packets[decodeIndex];
        decodeIndex = decodeIndex + 1 == FRAMES ? 0 : decodeIndex + 1;
        return decoder.decode(next, 0, next.length, output, 0, FRAME, false);
    }
}
