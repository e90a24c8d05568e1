package org.parley.mixer.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.Bandwidth;
import org.parley.mixer.opus.RateMode;
import org.parley.mixer.opus.OpusPacket;
import org.parley.mixer.tick.FrameFormat;

/** Tiered encoding with real libopus, fed from a meeting mix. */
class TieredEncoderTest {

    private static final TierSet TIERS = TierSet.defaults();
    private static final short[] SILENCE = new short[VoiceRig.FRAME];

    /** Packets the sink received, copied. */
    private static final class Recorder implements EncodedFrameSink {
        final List<byte[]> packets = new ArrayList<>();
        final List<Long> timestamps = new ArrayList<>();
        final List<Integer> durations = new ArrayList<>();
        final List<Tier> tiers = new ArrayList<>();

        @Override
        public void onFrame(String language, Variant variant, Tier tier, byte[] data, int length, long rtpTimestamp48k,
                            int durationSamples) {
            assertEquals("fr", language);
            packets.add(Arrays.copyOf(data, length));
            timestamps.add(rtpTimestamp48k);
            durations.add(durationSamples);
            tiers.add(tier);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"studio", "standard", "low", "minimal"})
    void tenSecondsOfVoiceHitTheTiersBitrateFrameDurationAndBandwidth(String name) {
        Tier tier = TIERS.get(name);
        VoiceRig rig = new VoiceRig(10);
        Recorder sink = new Recorder();
        int seconds = 10;
        int ticks = seconds * 50;
        try (TieredEncoder encoder = new TieredEncoder("fr", Variant.MIXED, TIERS, FrameFormat.MS_20, sink)) {
            encoder.setListeners(tier, 3);
            for (int t = 0; t < ticks; t++) {
                encoder.encode(rig.next(Variant.MIXED), (long) t * VoiceRig.FRAME);
            }
            int expectedFrames = ticks * 20 / tier.frameMillis();
            assertEquals(expectedFrames, encoder.encodes(tier), "one encode per " + tier.frameMillis() + " ms");
            assertEquals(expectedFrames, sink.packets.size(), "no frame of continuous voice suppressed");
            for (Tier other : TIERS.tiers()) {
                if (other != tier) {
                    assertEquals(0, encoder.encodes(other), "no listeners, no encode: " + other.name());
                    assertEquals(0, encoder.encodersOpened(other), "no listeners, no encoder: " + other.name());
                }
            }
        }

        long bytes = 0;
        int step = tier.frameSamples48k();
        for (int i = 0; i < sink.packets.size(); i++) {
            byte[] packet = sink.packets.get(i);
            bytes += packet.length;
            assertEquals(tier, sink.tiers.get(i));
            // An Opus frame is at most 60 ms: longer packets carry several (RFC 6716 §3.2.5)
            int frames = step <= 2880 ? 1 : step / OpusPacket.samplesPerFrame(packet[0], 48_000);
            assertEquals(frames, OpusPacket.frameCount(packet, 0, packet.length), "Opus frames in packet " + i);
            assertEquals(step, OpusPacket.sampleCount(packet, 0, packet.length, 48_000), "duration of packet " + i);
            assertEquals(step, frames * OpusPacket.samplesPerFrame(packet[0], 48_000), "frame duration of packet " + i);
            assertEquals(step, (int) sink.durations.get(i));
            assertEquals((long) i * step, (long) sink.timestamps.get(i), "RTP timestamp steps by " + step);
            if (i >= sink.packets.size() / 10) {
                // libopus may narrow the band for the first frames while it brings FEC up; after
                // the first second the tier's bandwidth must hold.
                assertEquals(tier.bandwidth(), OpusPacket.bandwidth(packet[0]), "bandwidth of packet " + i);
            }
        }
        double bitrate = bytes * 8.0 / seconds;
        assertEquals(tier.bitrate(), bitrate, tier.bitrate() * 0.15, "CBR bitrate of " + name);
    }

    /**
     * Every rate mode keeps the standard tier within 15 % of its bitrate on voice and its in-band
     * FEC, and only CBR gives every packet the same length (RFC 6562 §3).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(RateMode.class)
    void eachRateModeHoldsTheBitrateAndOnlyCbrHidesPacketLengths(RateMode mode) {
        Tier standard = TierSet.STANDARD;
        Tier tier = new Tier("standard-" + mode, standard.bandwidth(), standard.bitrate(), standard.frameMillis(),
                standard.fec(), standard.expectedLossPercent(), standard.dtx(), standard.application(), mode,
                standard.complexity());
        TierSet set = TierSet.of(List.of(tier));
        VoiceRig rig = new VoiceRig(10);
        Recorder sink = new Recorder();
        int ticks = 500;
        try (TieredEncoder encoder = new TieredEncoder("fr", Variant.MIXED, set, FrameFormat.MS_20, sink)) {
            encoder.setListeners(tier, 1);
            for (int t = 0; t < ticks; t++) {
                encoder.encode(rig.next(Variant.MIXED), (long) t * VoiceRig.FRAME);
            }
        }
        long bytes = sink.packets.stream().mapToLong(p -> p.length).sum();
        long lengths = sink.packets.stream().mapToInt(p -> p.length).distinct().count();
        assertEquals(tier.bitrate(), bytes * 8.0 / 10, tier.bitrate() * 0.15, mode + " bitrate");
        long withLbrr = sink.packets.stream().filter(p -> OpusPacket.hasLbrr(p, 0, p.length)).count();
        assertTrue(withLbrr > sink.packets.size() / 4, mode + ": " + withLbrr + " of " + sink.packets.size()
                + " packets carry LBRR");
        if (mode == RateMode.CBR) {
            assertEquals(1, lengths, "CBR: one packet length");
        } else {
            assertTrue(lengths > 10, mode + ": " + lengths + " packet lengths");
        }
    }

    @Test
    void standardTierCarriesInBandFecForTheLossItExpects() {
        Tier standard = TierSet.STANDARD;
        VoiceRig rig = new VoiceRig(4);
        Recorder sink = new Recorder();
        try (TieredEncoder encoder = new TieredEncoder("fr", Variant.CLEAN, TIERS, FrameFormat.MS_20, sink)) {
            encoder.setListeners(standard, 1);
            for (int t = 0; t < 200; t++) {
                encoder.encode(rig.next(Variant.CLEAN), (long) t * VoiceRig.FRAME);
            }
        }
        long withLbrr = sink.packets.stream().filter(p -> OpusPacket.hasLbrr(p, 0, p.length)).count();
        assertTrue(withLbrr > sink.packets.size() / 4, withLbrr + " of " + sink.packets.size() + " packets carry LBRR");
    }

    @Test
    void encodersAreCreatedForTheFirstListenerAndClosedAfterTheGracePeriod() {
        Tier standard = TierSet.STANDARD;
        Recorder sink = new Recorder();
        VoiceRig rig = new VoiceRig(1);
        int graceMillis = 1000;
        int graceTicks = graceMillis / 20;
        try (TieredEncoder encoder = new TieredEncoder("fr", Variant.MIXED, TIERS, FrameFormat.MS_20, sink,
                graceMillis)) {
            long t = 0;
            for (int i = 0; i < 20; i++) {
                encoder.encode(rig.next(Variant.MIXED), t++ * 960);
            }
            for (Tier tier : TIERS.tiers()) {
                assertEquals(0, encoder.encodes(tier));
                assertFalse(encoder.isOpen(tier), "lazy: " + tier.name());
            }

            encoder.setListeners(standard, 2);
            encoder.encode(rig.next(Variant.MIXED), t++ * 960);
            assertTrue(encoder.isOpen(standard));
            assertEquals(1, encoder.encodersOpened(standard));
            assertEquals(1, encoder.encodes(standard));

            // The last listener leaves and another comes back within the grace period: same encoder.
            encoder.setListeners(standard, 0);
            for (int i = 0; i < graceTicks / 2; i++) {
                encoder.encode(rig.next(Variant.MIXED), t++ * 960);
            }
            assertEquals(1, encoder.encodes(standard), "no encode without listeners");
            assertTrue(encoder.isOpen(standard), "kept during the grace period");
            encoder.setListeners(standard, 1);
            encoder.encode(rig.next(Variant.MIXED), t++ * 960);
            assertEquals(2, encoder.encodes(standard));
            assertEquals(1, encoder.encodersOpened(standard), "no churn");

            encoder.setListeners(standard, 0);
            for (int i = 0; i < graceTicks - 1; i++) {
                encoder.encode(rig.next(Variant.MIXED), t++ * 960);
            }
            assertTrue(encoder.isOpen(standard), "still within the grace period");
            encoder.encode(rig.next(Variant.MIXED), t++ * 960);
            assertFalse(encoder.isOpen(standard), "closed after the grace period");
            assertEquals(1, encoder.encodersClosed(standard));
            assertEquals(2, encoder.encodes(standard));
            assertEquals(2, sink.packets.size());
        }
    }

    /** The 120 ms of minimal and low take six 20 ms or twelve 10 ms ticks. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"minimal", "low"})
    void longFrameTiersCollectSeveralTwentyOrTenMillisecondTicks(String name) {
        Tier tier = TIERS.get(name);
        long step = tier.frameSamples48k();
        for (FrameFormat tick : List.of(FrameFormat.MS_20, FrameFormat.MS_10)) {
            Recorder sink = new Recorder();
            short[] frame = new short[tick.samplesPerFrame()];
            int ticksPerFrame = tier.frameMillis() / tick.frameMillis();
            try (TieredEncoder encoder = new TieredEncoder("fr", Variant.CLEAN, TIERS, tick, sink)) {
                encoder.setListeners(tier, 1);
                for (int t = 0; t < 4 * ticksPerFrame; t++) {
                    Arrays.fill(frame, (short) ((t % 2 == 0 ? 1 : -1) * 3000));
                    encoder.encode(frame, (long) t * tick.samplesPerFrame());
                    assertEquals((t + 1) / ticksPerFrame, encoder.encodes(tier), tick + ", tick " + t);
                }
            }
            assertEquals(List.of(0L, step, 2 * step, 3 * step), sink.timestamps, tick.toString());
            for (byte[] packet : sink.packets) {
                assertEquals(step, OpusPacket.sampleCount(packet, 0, packet.length, 48_000), tick.toString());
            }
        }
    }

    @Test
    void dtxTierSendsNothingDuringSilence() {
        Tier minimal = TierSet.MINIMAL;
        Recorder sink = new Recorder();
        try (TieredEncoder encoder = new TieredEncoder("fr", Variant.CLEAN, TIERS, FrameFormat.MS_20, sink)) {
            encoder.setListeners(minimal, 1);
            int ticks = 50 * minimal.frameMillis() / 20; // fifty of its packets
            for (int t = 0; t < ticks; t++) {
                encoder.encode(SILENCE, (long) t * 960);
            }
            assertEquals(50, encoder.encodes(minimal));
            assertTrue(encoder.framesSuppressed(minimal) > 30, encoder.framesSuppressed(minimal) + " suppressed");
            assertEquals(encoder.encodes(minimal), encoder.framesSent(minimal) + encoder.framesSuppressed(minimal));
            assertEquals(encoder.framesSent(minimal), sink.packets.size());
        }
    }

    @Test
    void rejectsTiersWhoseFrameIsNotAWholeNumberOfTicksAndForeignTiers() {
        Tier tenMillis = new Tier("fast", Bandwidth.WIDEBAND, 32_000, 10, false, 0, false, Application.VOIP, RateMode.CVBR, 5);
        TierSet set = TierSet.of(List.of(tenMillis));
        assertThrows(IllegalArgumentException.class,
                () -> new TieredEncoder("fr", Variant.CLEAN, set, FrameFormat.MS_20, new Recorder()));
        try (TieredEncoder encoder = new TieredEncoder("fr", Variant.CLEAN, set, FrameFormat.MS_10, new Recorder())) {
            assertThrows(IllegalArgumentException.class, () -> encoder.setListeners(TierSet.LOW, 1));
            assertThrows(IllegalArgumentException.class, () -> encoder.setListeners(tenMillis, -1));
        }
    }
}
