package org.parley.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.parley.media.router.LocalRtpStream;
import org.parley.media.srtp.SrtpProfile;
import org.parley.media.srtp.SrtpResult;
import org.parley.media.srtp.SrtpTransformer;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.measure.VoicedSignal;
import org.parley.mixer.opus.Bandwidth;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.OpusPacket;
import org.parley.mixer.tick.FrameFormat;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;
import org.parley.mixer.tier.TieredEncoder;

/**
 * Measures candidate settings for a listener tier on a narrow link: each candidate (bitrate ×
 * packet duration × FEC × complexity) encodes speech through the mixer's real {@link TieredEncoder}
 * at 20 ms ticks; each packet goes through a real {@link LocalRtpStream} and SRTP protection in
 * both profiles Parley negotiates, plus 20 bytes of IPv4 and 8 of UDP, giving the RTP stream's
 * rate on the wire. The packets are then decoded with libopus, without loss and with 10 % random
 * loss (several seeds; a lost packet is rebuilt from the next packet's in-band FEC where it has
 * some, else concealed, as a receiver's jitter buffer does), and scored by waveform SNR (on the
 * {@link VoicedSignal}, as {@code TierComplexityTest} is) and STOI (on the speech files).
 *
 * <pre>espeak-ng -v en -s 150 -w /tmp/meeting-en.wav -f bench/speech/meeting-en.txt
 * espeak-ng -v fr -s 150 -w /tmp/meeting-fr.wav -f bench/speech/meeting-fr.txt
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar org.parley.bench.LowTierCandidates \
 *     [base=low] [bitrates=8000,10000] [millis=60,120] [fec=false,true] [complexity=1] \
 *     /tmp/meeting-en.wav /tmp/meeting-fr.wav</pre>
 *
 * <p>{@code base} names the default tier whose bandwidth, DTX, application and rate mode the
 * candidates share; the expected loss is 10 %.
 *
 * <p>Prints a Markdown table. The RTCP and ICE consent traffic that shares the link is not in it
 * (see {@code LowTierWireRateEndToEndTest} for the whole downlink).
 */
public final class LowTierCandidates {

    private static final int RATE = FrameFormat.SAMPLE_RATE;
    private static final int TICK = FrameFormat.MS_20.samplesPerFrame();
    private static final int IPV4_UDP_BYTES = 20 + 8;
    private static final double LOSS = 0.10;
    private static final int LOSS_SEEDS = 5;
    private static final double SPEECH_LEVEL_DBFS = -23;

    private LowTierCandidates() {
    }

    /**
     * One encoded stream: its Opus packets, one per frame slot (null where DTX sent nothing), and
     * what they cost on the wire.
     */
    private record Stream(List<byte[]> packets, int frameSamples, long hmacWireBytes, long gcmWireBytes,
                          int packetsSent, int packetsWithLbrr, Bandwidth lastBandwidth) {
        double seconds() {
            return (double) packets.size() * frameSamples / RATE;
        }
    }

    public static void main(String[] args) throws Exception {
        int[] bitrates = {8_000, 9_000, 10_000, 11_000, 12_000};
        int[] millis = {60, 80, 100, 120};
        boolean[] fecs = {false, true};
        int[] complexities = {1};
        Tier base = TierSet.LOW;
        List<short[]> speech = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("bitrates=")) {
                bitrates = ints(arg);
            } else if (arg.startsWith("millis=")) {
                millis = ints(arg);
            } else if (arg.startsWith("complexity=")) {
                complexities = ints(arg);
            } else if (arg.startsWith("base=")) {
                base = TierSet.defaults().get(arg.substring(5));
                if (base == null) {
                    throw new IllegalArgumentException("no default tier " + arg.substring(5));
                }
            } else if (arg.startsWith("fec=")) {
                String[] values = arg.substring(4).split(",");
                fecs = new boolean[values.length];
                for (int i = 0; i < values.length; i++) {
                    fecs[i] = Boolean.parseBoolean(values[i]);
                }
            } else {
                speech.add(SpeechSignal.readWav(Path.of(arg), SPEECH_LEVEL_DBFS));
            }
        }
        if (speech.isEmpty()) {
            System.err.println("give one or more speech WAV files, e.g. from"
                    + " espeak-ng -v en -s 150 -w /tmp/meeting-en.wav -f bench/speech/meeting-en.txt");
            System.exit(2);
        }
        short[] voiced = VoicedSignal.of(10 * RATE);
        System.out.println("| kbit/s | packet ms | FEC | complexity | wire kbit/s HMAC-SHA1-80 | wire kbit/s AES-GCM"
                + " | LBRR packets | band | voiced SNR dB | STOI | SNR dB, 10 % loss | STOI, 10 % loss |");
        System.out.println("|---:|---:|:---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        for (int ms : millis) {
            for (int bitrate : bitrates) {
                for (boolean fec : fecs) {
                    for (int complexity : complexities) {
                        Tier tier = new Tier(base.name(), base.bandwidth(), bitrate, ms, fec, 10, base.dtx(),
                                base.application(), base.rateMode(), complexity);
                        System.out.println(row(tier, voiced, speech));
                    }
                }
            }
        }
    }

    private static String row(Tier tier, short[] voiced, List<short[]> speech) throws OpusException {
        Stream voicedStream = encode(tier, voiced);
        double snr = quality(voicedStream, voiced, -1, false).snr;
        double snrLoss = 0;
        for (int seed = 1; seed <= LOSS_SEEDS; seed++) {
            snrLoss += quality(voicedStream, voiced, seed, false).snr / LOSS_SEEDS;
        }
        double stoi = 0;
        double stoiLoss = 0;
        long hmac = 0;
        long gcm = 0;
        double seconds = 0;
        int lbrr = 0;
        int packets = 0;
        Bandwidth band = null;
        for (short[] signal : speech) {
            Stream stream = encode(tier, signal);
            hmac += stream.hmacWireBytes;
            gcm += stream.gcmWireBytes;
            seconds += stream.seconds();
            lbrr += stream.packetsWithLbrr;
            packets += stream.packetsSent;
            band = stream.lastBandwidth;
            stoi += quality(stream, signal, -1, true).stoi / speech.size();
            for (int seed = 1; seed <= LOSS_SEEDS; seed++) {
                stoiLoss += quality(stream, signal, seed, true).stoi / speech.size() / LOSS_SEEDS;
            }
        }
        return String.format(Locale.ROOT, "| %.1f | %d | %s | %d | %.2f | %.2f | %d %% | %s | %.1f | %.3f | %.1f | %.3f |",
                tier.bitrate() / 1000.0, tier.frameMillis(), tier.fec() ? "on" : "off", tier.complexity(),
                hmac * 8 / seconds / 1000, gcm * 8 / seconds / 1000, Math.round(100.0 * lbrr / packets),
                band.name().toLowerCase(Locale.ROOT), snr, stoi, snrLoss, stoiLoss);
    }

    /** The mixer's encoder at 20 ms ticks, each packet packetized and SRTP-protected as sent. */
    private static Stream encode(Tier tier, short[] signal) {
        ByteBufAllocator allocator = UnpooledByteBufAllocator.DEFAULT;
        SrtpTransformer hmac = SrtpKeys.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, 1).server();
        SrtpTransformer gcm = SrtpKeys.of(SrtpProfile.AEAD_AES_128_GCM, 2).server();
        LocalRtpStream hmacStream = LocalRtpStream.create("low-hmac", "audio", 111, RATE);
        LocalRtpStream gcmStream = LocalRtpStream.create("low-gcm", "audio", 111, RATE);
        List<byte[]> packets = new ArrayList<>();
        long[] wire = new long[2];
        int[] lbrr = new int[1];
        Bandwidth[] band = new Bandwidth[1];
        TierSet tiers = TierSet.of(List.of(tier));
        try (TieredEncoder encoder = new TieredEncoder("fr", Variant.MIXED, tiers, FrameFormat.MS_20,
                (language, variant, t, data, length, timestamp, duration) -> {
                    while (packets.size() < timestamp / duration) {
                        packets.add(null); // DTX: nothing sent
                    }
                    packets.add(Arrays.copyOf(data, length));
                    if (OpusPacket.hasLbrr(data, 0, length)) {
                        lbrr[0]++;
                    }
                    band[0] = OpusPacket.bandwidth(data[0]);
                    wire[0] += protectedLength(hmac, hmacStream.packetize(allocator, data, length, timestamp, duration));
                    wire[1] += protectedLength(gcm, gcmStream.packetize(allocator, data, length, timestamp, duration));
                })) {
            encoder.setListeners(tier, 1);
            short[] tick = new short[TICK];
            for (int at = 0; at + TICK <= signal.length; at += TICK) {
                System.arraycopy(signal, at, tick, 0, TICK);
                encoder.encode(tick, at);
            }
        }
        int sent = (int) packets.stream().filter(p -> p != null).count();
        while (packets.size() < signal.length / tier.frameSamples48k()) {
            packets.add(null);
        }
        return new Stream(packets, tier.frameSamples48k(), wire[0], wire[1], sent, lbrr[0], band[0]);
    }

    private static int protectedLength(SrtpTransformer srtp, ByteBuf packet) {
        try {
            if (srtp.protectRtp(packet) != SrtpResult.OK) {
                throw new IllegalStateException("SRTP protection failed");
            }
            return IPV4_UDP_BYTES + packet.readableBytes();
        } finally {
            packet.release();
        }
    }

    private record Quality(double snr, double stoi) {
    }

    /**
     * Decodes {@code stream} losing 10 % of its packets at random ({@code seed}), or none
     * ({@code seed < 0}), and scores it against {@code source} at the codec's delay.
     */
    private static Quality quality(Stream stream, short[] source, int seed, boolean stoi) throws OpusException {
        int n = stream.frameSamples;
        int count = stream.packets.size();
        boolean[] lost = new boolean[count];
        if (seed >= 0) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < count; i++) {
                lost[i] = random.nextDouble() < LOSS;
            }
        }
        short[] decoded = new short[count * n];
        try (OpusDecoder decoder = OpusDecoder.create(RATE, 1)) {
            for (int i = 0; i < count; i++) {
                byte[] packet = stream.packets.get(i);
                if (packet == null) {
                    decoder.conceal(decoded, i * n, n); // DTX: the decoder fills the gap
                } else if (!lost[i]) {
                    decoder.decode(packet, 0, packet.length, decoded, i * n, n, false);
                } else if (i + 1 < count && !lost[i + 1] && stream.packets.get(i + 1) != null) {
                    // libopus conceals what the next packet's LBRR does not cover (all of it if none)
                    byte[] next = stream.packets.get(i + 1);
                    decoder.decode(next, 0, next.length, decoded, i * n, n, true);
                } else {
                    decoder.conceal(decoded, i * n, n);
                }
            }
        }
        int length = decoded.length - RATE - 2 * DELAY_SEARCH;
        // the delay is the encoder's: found on 3 s, it holds for the whole stream
        int lag = bestLag(source, decoded, RATE, 3 * RATE);
        double snr = snr(source, decoded, RATE, length, lag);
        if (!stoi) {
            return new Quality(snr, Double.NaN);
        }
        short[] aligned = Arrays.copyOfRange(decoded, lag, lag + source.length);
        return new Quality(snr, Stoi.of(source, aligned, 0, Math.min(source.length, decoded.length - lag) - 1));
    }

    /** libopus's encoder delay is 6.5 ms (312 samples) in the speech modes; search around it. */
    private static final int DELAY_SEARCH = 400;

    private static int bestLag(short[] source, short[] decoded, int from, int length) {
        int best = 0;
        double bestSnr = Double.NEGATIVE_INFINITY;
        for (int lag = 0; lag <= DELAY_SEARCH; lag++) {
            double snr = snr(source, decoded, from, length, lag);
            if (snr > bestSnr) {
                bestSnr = snr;
                best = lag;
            }
        }
        return best;
    }

    private static double snr(short[] source, short[] decoded, int from, int length, int lag) {
        double signal = 0;
        double error = 0;
        int end = Math.min(from + length, Math.min(source.length, decoded.length - lag));
        for (int i = from; i < end; i++) {
            double x = source[i];
            double e = x - decoded[i + lag];
            signal += x * x;
            error += e * e;
        }
        return 10 * Math.log10(signal / error);
    }

    private static int[] ints(String arg) {
        return Arrays.stream(arg.substring(arg.indexOf('=') + 1).split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
