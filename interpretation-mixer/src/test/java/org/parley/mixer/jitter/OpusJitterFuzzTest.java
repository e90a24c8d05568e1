package org.parley.mixer.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.OpusPacket;

/**
 * Coverage-guided fuzzing of Opus payloads on their way from RTP to PCM: the {@link OpusPacket}
 * helpers (RFC 6716 §3), the {@link JitterBuffer} with a real libopus decoder behind it, fed
 * reordered, duplicated, lost, SSRC-switching, late and corrupt packets, and libopus itself.
 * The contract: insert reports malformed content as an {@link Arrival}, never by throwing; pull
 * always produces a tick; libopus fails only with {@link OpusException}; and where libopus decodes a
 * packet, {@link OpusPacket#sampleCount} agrees with it on the duration (libopus is the reference).
 * Real packets (speech with in-band FEC, 20 and 60 ms) are built once and picked or corrupted by the
 * fuzzer, so coverage starts inside SILK and CELT rather than at the TOC byte.
 */
class OpusJitterFuzzTest {

    private static final byte[][] REAL = concat(EncodedStream.speech(24, 20, true).packets,
            EncodedStream.speech(8, 60, true).packets, EncodedStream.tone(8, 20, false).packets);
    private static final short[] REFERENCE_PCM = new short[OpusPacket.MAX_SAMPLES_48K * 2];

    @FuzzTest(maxDuration = "60s")
    void packetsThroughTheJitterBuffer(FuzzedDataProvider data) {
        int frameMillis = new int[] {10, 20, 40, 60}[data.consumeInt(0, 3)];
        try (OpusDecoder decoder = OpusDecoder.create(48_000, data.consumeBoolean() ? 2 : 1);
             OpusDecoder reference = OpusDecoder.create(48_000, 2);
             JitterBuffer buffer = new JitterBuffer(decoder, frameMillis, 200)) {
            short[] pcm = new short[buffer.frameSamples() * decoder.channels() + 7];
            long ssrc = 1;
            int sequence = data.consumeInt(0, 0xFFFF);
            long timestamp = data.consumeLong(0, 0xFFFF_FFFFL);
            long now = 1_000_000_000L;
            int inserts = 0;
            int steps = data.consumeInt(1, 120);
            for (int step = 0; step < steps && data.remainingBytes() > 0; step++) {
                if (data.consumeInt(0, 2) == 0) {
                    now += data.consumeLong(0, 80_000_000L);
                    Playout playout = buffer.pull(pcm, data.consumeInt(0, 7), data.consumeBoolean() ? now : Long.MIN_VALUE);
                    assertNotNull(playout);
                    continue;
                }
                byte[] payload = payload(data);
                checkPacketHelpers(payload, reference);
                switch (data.consumeInt(0, 5)) {
                    case 0 -> sequence += data.consumeInt(-200, 200);          // reordering, loss, a jump
                    case 1 -> ssrc = data.consumeInt(1, 3);                    // a new source
                    default -> sequence++;
                }
                timestamp += 960L * data.consumeInt(-2, 4);
                int off = data.consumeInt(0, 3);
                byte[] framed = new byte[off + payload.length + 2];
                System.arraycopy(payload, 0, framed, off, payload.length);
                Arrival arrival = buffer.insert(ssrc, sequence & 0xFFFF, timestamp & 0xFFFF_FFFFL,
                        data.consumeBoolean(), framed, off, payload.length, now);
                assertNotNull(arrival);
                inserts++;
            }
            assertEquals(inserts, buffer.received(), "received counter");
            assertTrue(buffer.currentDepthMillis() >= 0, "negative depth");
        }
    }

    private static byte[] payload(FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            return data.consumeBytes(data.consumeInt(0, 1500));
        }
        byte[] packet = REAL[data.consumeInt(0, REAL.length - 1)].clone();
        int flips = data.consumeInt(0, 3);
        for (int i = 0; i < flips && packet.length > 0; i++) {
            packet[data.consumeInt(0, packet.length - 1)] ^= (byte) data.consumeInt(1, 255);
        }
        if (data.consumeInt(0, 7) == 0) {
            packet = Arrays.copyOf(packet, data.consumeInt(0, packet.length + 8));
        }
        return packet;
    }

    /** The TOC-level helpers must never throw, and must agree with libopus wherever it decodes. */
    private static void checkPacketHelpers(byte[] packet, OpusDecoder reference) {
        int samples = OpusPacket.sampleCount(packet, 0, packet.length, 48_000);
        OpusPacket.frameCount(packet, 0, packet.length);
        OpusPacket.hasLbrr(packet, 0, packet.length);
        OpusPacket.codedBytes(packet, 0, packet.length);
        if (packet.length > 0) {
            OpusPacket.mode(packet[0]);
            OpusPacket.bandwidth(packet[0]);
            OpusPacket.isStereo(packet[0]);
            OpusPacket.samplesPerFrame(packet[0], 48_000);
        }
        if (packet.length == 0 || packet.length > OpusDecoder.MAX_PACKET_BYTES) {
            return;
        }
        int decoded;
        try {
            decoded = reference.decode(packet, 0, packet.length, REFERENCE_PCM, 0, OpusPacket.MAX_SAMPLES_48K, false);
        } catch (OpusException corrupt) {
            return;
        }
        assertEquals(decoded, samples, "libopus decoded " + decoded + " samples, OpusPacket.sampleCount says " + samples);
    }

    private static byte[][] concat(byte[][]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(byte[][]::new);
    }
}
