package org.parley.mixer.jitter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.mixer.AudioAnalysis;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusException;

/**
 * Packets whose duration differs from the tick (RFC 6716 §3.1: the TOC gives it): the buffer must
 * play exactly what a decoder fed the same packets in order would, one tick at a time, with losses
 * rebuilt for the lost packet's duration.
 */
class PacketDurationTest {

    private static final int PACKETS = 60;

    @ParameterizedTest(name = "{0} ms packets, {1} ms ticks")
    @CsvSource({"20, 10", "10, 20", "60, 20", "40, 10", "20, 20"})
    void inOrderPacketsPlayBitExactWithoutGaps(int packetMillis, int tickMillis) throws OpusException {
        EncodedStream stream = EncodedStream.tone(PACKETS, packetMillis, true);
        short[] expected = reference(stream, -1, false);
        Played played = play(stream, tickMillis, -1, 0);

        assertArrayEquals(expected, Arrays.copyOf(played.pcm, expected.length));
        assertTrue(played.playouts.subList(0, expected.length / (48 * tickMillis)).stream()
                .allMatch(p -> p == Playout.DECODED), played.playouts.toString());
        // No tick of the tone is missing: each one after the codec's start-up holds the 440 Hz tone.
        int tick = 48 * tickMillis;
        for (int start = 960; start + tick <= expected.length; start += tick) {
            double power = AudioAnalysis.goertzelPower(played.pcm, start, tick, 440, 48_000);
            assertTrue(power > 1e6, "tick at sample " + start + ": power " + power);
        }
        assertEquals(packetMillis, played.buffer.packetMillis());
        assertEquals(0, played.buffer.lost() + played.buffer.concealed() + played.buffer.undecodable());
    }

    @ParameterizedTest(name = "{0} ms packets, {1} ms ticks")
    @CsvSource({"20, 10", "20, 20", "10, 20", "60, 20"})
    void lostPacketIsRebuiltFromTheNextOnesFecForItsWholeDuration(int packetMillis, int tickMillis)
            throws OpusException {
        EncodedStream stream = EncodedStream.speech(PACKETS, packetMillis, true);
        int lost = PACKETS / 2;
        short[] expected = reference(stream, lost, true);
        // The sender runs one packet ahead, so the successor is there when the lost packet's turn comes.
        Played played = play(stream, tickMillis, lost, 1);

        assertArrayEquals(expected, Arrays.copyOf(played.pcm, expected.length));
        assertEquals(1, played.buffer.lost());
        assertEquals(1, played.buffer.recoveredByFec());
        assertEquals(0, played.buffer.concealed());
        int ticksRebuilt = (int) played.playouts.stream().filter(p -> p == Playout.RECOVERED_BY_FEC).count();
        assertEquals(Math.max(1, packetMillis / tickMillis), ticksRebuilt, played.playouts.toString());
    }

    @ParameterizedTest(name = "{0} ms packets, {1} ms ticks")
    @CsvSource({"20, 10", "20, 20", "60, 20", "10, 20"})
    void lostPacketWithoutFecIsConcealedForItsWholeDuration(int packetMillis, int tickMillis) throws OpusException {
        EncodedStream stream = EncodedStream.speech(PACKETS, packetMillis, false);
        int lost = PACKETS / 2;
        short[] expected = reference(stream, lost, false);
        Played played = play(stream, tickMillis, lost, 1);

        assertArrayEquals(expected, Arrays.copyOf(played.pcm, expected.length));
        assertEquals(1, played.buffer.lost());
        assertEquals(1, played.buffer.concealed(), "one concealment of the lost packet's duration");
        int ticksConcealed = (int) played.playouts.stream().filter(p -> p == Playout.CONCEALED).count();
        assertEquals(Math.max(1, packetMillis / tickMillis), ticksConcealed, played.playouts.toString());
    }

    @Test
    void runningDryConcealsOnlyTheRestOfTheTick() {
        // 20 ms packets, 10 ms ticks, each packet arriving just in time; then one arrives a tick late.
        EncodedStream stream = EncodedStream.speech(10, 20, true);
        try (JitterBuffer buffer = new JitterBuffer(OpusDecoder.create(48_000, 1), 10, 200)) {
            short[] tick = new short[480];
            List<Playout> playouts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                insert(buffer, stream, i, i * 20_000_000L);
                playouts.add(buffer.pull(tick));
                playouts.add(buffer.pull(tick));
            }
            playouts.add(buffer.pull(tick)); // packet 4 is late: 10 ms concealed
            insert(buffer, stream, 4, 90_000_000L);
            playouts.add(buffer.pull(tick));
            playouts.add(buffer.pull(tick));
            assertEquals(List.of(Playout.DECODED, Playout.DECODED, Playout.DECODED, Playout.DECODED, Playout.DECODED,
                    Playout.DECODED, Playout.DECODED, Playout.DECODED, Playout.CONCEALED, Playout.DECODED,
                    Playout.DECODED), playouts);
            assertEquals(1, buffer.concealed());
            assertEquals(0, buffer.lost());
        }
    }

    @Test
    void aTalkspurtWaitsOutTheJitterInTicksNotPackets() {
        // 20 ms packets, every other one 8 ms late: 8 ms of jitter, so one 10 ms tick of silence
        // before a new talkspurt plays, not a whole 20 ms packet's worth.
        EncodedStream stream = EncodedStream.speech(60, 20, true);
        try (JitterBuffer buffer = new JitterBuffer(OpusDecoder.create(48_000, 1), 10, 200)) {
            short[] tick = new short[480];
            for (int i = 0; i < 20; i++) {
                insert(buffer, stream, i, i * 20_000_000L + (i % 2) * 8_000_000L);
                buffer.pull(tick);
                buffer.pull(tick);
            }
            for (int quiet = 0; quiet < 30 && buffer.pull(tick) != Playout.SILENCE; quiet++) {
                // concealment until the maximum delay has passed
            }
            // The talker resumes 500 ms later: sequence numbers continue after the pause.
            int resume = 20 + 25;
            long arrival = resume * 20_000_000L;
            insert(buffer, stream, resume, arrival);
            assertEquals(Playout.SILENCE, buffer.pull(tick, 0, arrival + 1_000_000L));
            assertEquals(Playout.DECODED, buffer.pull(tick, 0, arrival + 11_000_000L));
            assertEquals(40, buffer.targetDepthMillis(), "the depth target still counts whole packets");

            // Had the first packet already waited out the jitter for its tick, it plays at once.
            for (int quiet = 0; quiet < 60 && buffer.pull(tick) != Playout.SILENCE; quiet++) {
                // its successors never come: concealment, then silence
            }
            int next = resume + 14;
            arrival = next * 20_000_000L;
            insert(buffer, stream, next, arrival);
            assertEquals(Playout.DECODED, buffer.pull(tick, 0, arrival + 9_000_000L));
        }
    }

    @Test
    void packetWithoutAValidDurationIsConcealedForTheSendersUsualOne() {
        EncodedStream stream = EncodedStream.speech(10, 20, true);
        try (JitterBuffer buffer = new JitterBuffer(OpusDecoder.create(48_000, 1), 10, 200)) {
            short[] tick = new short[480];
            insert(buffer, stream, 0, 0);
            buffer.pull(tick);
            buffer.pull(tick);
            // RFC 6716 §3.2.5: code 3 with a frame count of 0 is malformed.
            byte[] malformed = {(byte) (stream.packets[1][0] | 0x3), 0};
            buffer.insert(1, stream.timestamp(1), malformed, 0, malformed.length, 20_000_000L);
            assertEquals(Playout.CONCEALED, buffer.pull(tick));
            assertEquals(Playout.CONCEALED, buffer.pull(tick));
            insert(buffer, stream, 2, 40_000_000L);
            assertEquals(Playout.DECODED, buffer.pull(tick));
            assertEquals(1, buffer.undecodable());
            assertEquals(1, buffer.concealed());
        }
    }

    private record Played(JitterBuffer buffer, short[] pcm, List<Playout> playouts) {
    }

    /**
     * Plays {@code stream} through a buffer ticking every {@code tickMillis}; before each tick the
     * packets whose audio starts before the tick's end arrive, and {@code lead} packets more. Packet
     * {@code skipped} (or none, if -1) never arrives.
     */
    private static Played play(EncodedStream stream, int tickMillis, int skipped, int lead) {
        JitterBuffer buffer = new JitterBuffer(OpusDecoder.create(48_000, 1), tickMillis, 200);
        int tick = 48 * tickMillis;
        int packet = 48 * stream.frameMillis;
        int ticks = PACKETS * packet / tick;
        short[] out = new short[ticks * tick];
        List<Playout> playouts = new ArrayList<>();
        short[] pcm = new short[tick];
        int next = 0;
        try (buffer) {
            for (int t = 0; t < ticks; t++) {
                long now = (long) t * tickMillis * 1_000_000L;
                while (next < PACKETS && (long) next * packet < (long) (t + 1) * tick + (long) lead * packet) {
                    if (next != skipped) {
                        insert(buffer, stream, next, now);
                    }
                    next++;
                }
                playouts.add(buffer.pull(pcm));
                System.arraycopy(pcm, 0, out, t * tick, tick);
            }
        }
        return new Played(buffer, out, playouts);
    }

    private static void insert(JitterBuffer buffer, EncodedStream stream, int index, long arrivalNanos) {
        byte[] payload = stream.packets[index];
        buffer.insert(index, stream.timestamp(index), payload, 0, payload.length, arrivalNanos);
    }

    /** What one decoder makes of the packets in order, with packet {@code lost} rebuilt from its successor or concealed. */
    private static short[] reference(EncodedStream stream, int lost, boolean fec) throws OpusException {
        int packet = 48 * stream.frameMillis;
        short[] pcm = new short[PACKETS * packet];
        try (OpusDecoder decoder = OpusDecoder.create(48_000, 1)) {
            decoder.reset();
            for (int i = 0; i < PACKETS; i++) {
                if (i != lost) {
                    decoder.decode(stream.packets[i], 0, stream.packets[i].length, pcm, i * packet, packet, false);
                } else if (fec) {
                    byte[] next = stream.packets[i + 1];
                    decoder.decode(next, 0, next.length, pcm, i * packet, packet, true);
                } else {
                    decoder.conceal(pcm, i * packet, packet);
                }
            }
        }
        return pcm;
    }
}
