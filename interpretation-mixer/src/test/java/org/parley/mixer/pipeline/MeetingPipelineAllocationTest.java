package org.parley.mixer.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.mixer.AudioAnalysis;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.tick.MixSettings;
import org.parley.mixer.tier.TierSet;

/**
 * A steady-state tick (packets handed over, jitter buffers, decoding, mixing, encoding in two tiers,
 * the chair's mix-minus of French MIXED and of the French CLEAN it relays) allocates nothing on the
 * Java heap.
 */
class MeetingPipelineAllocationTest {

    private static final List<String> SOURCES = List.of("chair", "fr-1", "es-1");
    private static final int PACKETS = 50;

    @Test
    void steadyStateTickAllocatesNothing() throws OpusException {
        long[] sent = new long[3];
        try (MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(),
                (language, variant, tier, data, length, timestamp, duration) -> sent[0] += length)) {
            SourceInput[] inputs = new SourceInput[SOURCES.size()];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = pipeline.addSource(SOURCES.get(i));
            }
            for (String language : List.of("fr", "es")) {
                pipeline.addLanguage(language);
                for (Variant variant : Variant.values()) {
                    pipeline.setListeners(language, variant, TierSet.STANDARD, 10);
                    pipeline.setListeners(language, variant, TierSet.LOW, 3);
                }
            }
            pipeline.setMixMinusListeners(new MixMinusKey("chair", "fr", Variant.MIXED), TierSet.STANDARD, 1,
                    (language, variant, tier, data, length, timestamp, duration) -> sent[1] += length);
            pipeline.setMixMinusListeners(new MixMinusKey("chair", "fr", Variant.CLEAN), TierSet.STANDARD, 1,
                    (language, variant, tier, data, length, timestamp, duration) -> sent[2] += length);
            pipeline.control(mix -> {
                mix.addFloorSpeaker("chair");
                mix.addInterpreter("fr", "fr-1").micOn();
                return mix.addInterpreter("es", "es-1").micOn();
            });
            byte[][] packets = speechPackets();
            int[] sequence = {0};
            Runnable tick = () -> {
                int n = sequence[0]++;
                byte[] packet = packets[n % PACKETS];
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i].offer(i, n & 0xFFFF, 960L * n, false, 40, System.nanoTime(), packet, 0, packet.length);
                }
                pipeline.tick();
            };
            for (int t = 0; t < 1000; t++) {
                tick.run(); // warm up: JIT, and the tier encoders are created
            }
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().threadId();
            long before = threads.getThreadAllocatedBytes(thread);
            for (int t = 0; t < 1000; t++) {
                tick.run();
            }
            long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertTrue(sent[0] > 0);
            assertTrue(sent[1] > 0 && sent[2] > 0, "the mix-minus streams were sent (encoded, and relayed)");
            assertTrue(allocated < 8192, allocated + " bytes allocated in 1000 ticks");
        }
    }

    private static byte[][] speechPackets() throws OpusException {
        short[] speech = AudioAnalysis.speechLike(PACKETS * 960);
        byte[][] packets = new byte[PACKETS][];
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = OpusEncoder.create(48_000, 1, Application.VOIP)) {
            encoder.setBitrate(32_000);
            for (int i = 0; i < PACKETS; i++) {
                int length = encoder.encode(speech, i * 960, 960, packet, 0, packet.length);
                packets[i] = java.util.Arrays.copyOf(packet, length);
            }
        }
        return packets;
    }
}
