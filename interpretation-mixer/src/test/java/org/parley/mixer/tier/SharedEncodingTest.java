package org.parley.mixer.tier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.mixer.AudioAnalysis;
import org.parley.mixer.booth.Interpreter;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.tick.FrameFormat;
import org.parley.mixer.tick.MeetingMix;
import org.parley.mixer.tick.MixSettings;

/**
 * Sharing encodes between identical channel variants must not change what any listener gets: each
 * stream is compared with an independent encoder fed only that variant's own frames.
 */
class SharedEncodingTest {

    private static final TierSet TIERS = TierSet.defaults();
    private static final List<String> LANGUAGES = List.of("fr", "es", "de");
    private static final int FRAME = 960;

    /** Every packet of every stream, copied, keyed by language/variant/tier. */
    private static final class Streams implements EncodedFrameSink {
        final Map<String, List<byte[]>> packets = new HashMap<>();
        final Map<String, List<Long>> timestamps = new HashMap<>();

        @Override
        public void onFrame(String language, Variant variant, Tier tier, byte[] data, int length, long rtpTimestamp48k,
                            int durationSamples) {
            String key = language + "/" + variant + "/" + tier.name();
            packets.computeIfAbsent(key, k -> new ArrayList<>()).add(Arrays.copyOf(data, length));
            timestamps.computeIfAbsent(key, k -> new ArrayList<>()).add(rtpTimestamp48k);
        }

        List<byte[]> of(String language, Variant variant, Tier tier) {
            return packets.getOrDefault(language + "/" + variant + "/" + tier.name(), List.of());
        }
    }

    /** A three-language meeting whose French booth's microphone the test switches. */
    private static final class Meeting implements AutoCloseable {
        final MeetingMix mix = new MeetingMix(MixSettings.DEFAULTS);
        final Interpreter french;
        final Streams shared = new Streams();
        final Streams independent = new Streams();
        final SharedEncoding sharing = new SharedEncoding(TIERS);
        final List<TieredEncoder> sharedEncoders = new ArrayList<>();
        final List<TieredEncoder> independentEncoders = new ArrayList<>();
        private final short[] floorVoice = AudioAnalysis.speechLike(10 * 48_000);
        private final short[] frenchVoice = AudioAnalysis.speechLike(10 * 48_000, 0);
        private final short[] frame = new short[FRAME];
        private int tick;

        Meeting() {
            mix.addFloorSpeaker("chair");
            for (String language : LANGUAGES) {
                mix.addLanguage(language);
                for (Variant variant : Variant.values()) {
                    sharedEncoders.add(new TieredEncoder(language, variant, TIERS, FrameFormat.MS_20, shared));
                    independentEncoders.add(new TieredEncoder(language, variant, TIERS, FrameFormat.MS_20,
                            independent));
                }
            }
            french = mix.addInterpreter("fr", "fr-1");
        }

        void listen(Tier tier) {
            for (int i = 0; i < sharedEncoders.size(); i++) {
                sharedEncoders.get(i).setListeners(tier, 1);
                independentEncoders.get(i).setListeners(tier, 1);
            }
        }

        void run(int ticks) {
            for (int t = 0; t < ticks; t++, tick++) {
                int at = (tick * FRAME) % floorVoice.length;
                System.arraycopy(floorVoice, at, frame, 0, FRAME);
                mix.offer("chair", frame);
                System.arraycopy(frenchVoice, at, frame, 0, FRAME);
                mix.offer("fr-1", frame);
                mix.tick();
                long timestamp = (long) tick * FRAME;
                for (int i = 0; i < sharedEncoders.size(); i++) {
                    TieredEncoder encoder = sharedEncoders.get(i);
                    short[] pcm = mix.output(encoder.language(), encoder.variant());
                    sharing.stage(encoder, pcm, timestamp);
                    independentEncoders.get(i).encode(pcm, timestamp);
                }
                sharing.encodeStaged();
            }
        }

        long encodes(Tier tier) {
            return sharedEncoders.stream().mapToLong(e -> e.encodes(tier)).sum();
        }

        long shared(Tier tier) {
            return sharedEncoders.stream().mapToLong(e -> e.framesShared(tier)).sum();
        }

        void assertEveryStreamBitExact(Tier tier) {
            for (String language : LANGUAGES) {
                for (Variant variant : Variant.values()) {
                    List<byte[]> got = shared.of(language, variant, tier);
                    List<byte[]> expected = independent.of(language, variant, tier);
                    assertEquals(expected.size(), got.size(), language + " " + variant + " " + tier.name());
                    assertTrue(!got.isEmpty(), "packets sent");
                    for (int p = 0; p < got.size(); p++) {
                        assertArrayEquals(expected.get(p), got.get(p),
                                language + " " + variant + " " + tier.name() + " packet " + p);
                    }
                }
            }
        }

        @Override
        public void close() {
            sharedEncoders.forEach(TieredEncoder::close);
            independentEncoders.forEach(TieredEncoder::close);
        }
    }

    @Test
    void idleBoothsEncodeTheFloorOncePerTierAndEveryStreamStillGetsItsOwnPackets() {
        try (Meeting meeting = new Meeting()) {
            meeting.listen(TierSet.STANDARD);
            meeting.listen(TierSet.LOW);
            meeting.run(60);

            // Six variants, all the floor: one encode per frame, five variants take its packet.
            int lowFrames = 60 * 20 / TierSet.LOW.frameMillis();
            assertEquals(60, meeting.encodes(TierSet.STANDARD));
            assertEquals(5 * 60, meeting.shared(TierSet.STANDARD));
            assertEquals(lowFrames, meeting.encodes(TierSet.LOW));
            assertEquals(5 * lowFrames, meeting.shared(TierSet.LOW));
            meeting.assertEveryStreamBitExact(TierSet.STANDARD);
            meeting.assertEveryStreamBitExact(TierSet.LOW);
        }
    }

    @Test
    void aBoothGoingLiveSplitsItsChannelOffTheSharedStreamWithoutADiscontinuity() {
        try (Meeting meeting = new Meeting()) {
            meeting.listen(TierSet.STANDARD);
            meeting.listen(TierSet.LOW);
            meeting.run(30);
            meeting.french.micOn();
            meeting.run(60);

            // French CLEAN and MIXED now differ from the floor and from each other; the other four
            // variants still share one stream. The split continues from the shared encoder state, so
            // the French streams are exactly what their own encoders would have sent all along.
            assertEquals(30 + 3 * 60, meeting.encodes(TierSet.STANDARD));
            meeting.assertEveryStreamBitExact(TierSet.STANDARD);
            meeting.assertEveryStreamBitExact(TierSet.LOW);
        }
    }

    @Test
    void aListenerArrivingMidFrameStartsOnTheTiersFrameGridAndSharesAtOnce() {
        try (Meeting meeting = new Meeting()) {
            int ticksPerFrame = TierSet.LOW.frameMillis() / 20;
            long frame = TierSet.LOW.frameSamples48k();
            meeting.sharedEncoders.get(0).setListeners(TierSet.LOW, 1);
            meeting.run(1);
            meeting.sharedEncoders.get(1).setListeners(TierSet.LOW, 1);
            meeting.run(3 * ticksPerFrame - 1);

            List<Long> late = meeting.shared.timestamps.get("fr/" + Variant.MIXED + "/low");
            assertEquals(List.of(frame, 2 * frame), late, "first frame on the next frame boundary");
            assertEquals(3, meeting.sharedEncoders.get(0).encodes(TierSet.LOW));
            assertEquals(0, meeting.sharedEncoders.get(1).encodes(TierSet.LOW));
            assertEquals(2, meeting.sharedEncoders.get(1).framesShared(TierSet.LOW));
        }
    }

    @Test
    void aChannelBackToTheFloorRejoinsTheSharedStreamAfterTheSpliceTimeAndDecodesSmoothly() throws OpusException {
        try (Meeting meeting = new Meeting()) {
            meeting.listen(TierSet.STANDARD);
            meeting.french.micOn();
            meeting.run(50);
            meeting.french.micOff();
            int splice = SharedEncoding.SPLICE_MILLIS / 20;
            long before = meeting.encodes(TierSet.STANDARD);
            meeting.run(splice + 2);
            // During the mic fade (one tick) and then, equal to the floor, for the splice time less
            // one frame, the French variants keep their own encoders: three encodes per tick...
            assertEquals(3 * splice + 1 * 2, meeting.encodes(TierSet.STANDARD) - before, "until the splice");
            // ...then take the shared stream: one encode per tick for all six variants.
            before = meeting.encodes(TierSet.STANDARD);
            meeting.run(50 - splice - 2);
            assertEquals(50 - splice - 2, meeting.encodes(TierSet.STANDARD) - before);

            // Its listener hears what an independent encoder of the same frames would give, within
            // coding noise, also across the splice.
            short[] got = decode(meeting.shared.of("fr", Variant.CLEAN, TierSet.STANDARD));
            short[] expected = decode(meeting.independent.of("fr", Variant.CLEAN, TierSet.STANDARD));
            int from = 50 * FRAME;
            int length = 50 * FRAME;
            double signal = AudioAnalysis.rms(expected, from, length);
            short[] difference = new short[length];
            for (int i = 0; i < length; i++) {
                difference[i] = (short) (got[from + i] - expected[from + i]);
            }
            double snr = AudioAnalysis.decibels(signal / AudioAnalysis.rms(difference, 0, length));
            assertTrue(snr > 10, "decoded spliced stream vs own encoder: " + snr + " dB");
        }
    }

    private static short[] decode(List<byte[]> packets) throws OpusException {
        short[] out = new short[packets.size() * FRAME];
        try (OpusDecoder decoder = OpusDecoder.create(48_000, 1)) {
            for (int p = 0; p < packets.size(); p++) {
                byte[] packet = packets.get(p);
                decoder.decode(packet, 0, packet.length, out, p * FRAME, FRAME, false);
            }
        }
        return out;
    }
}
