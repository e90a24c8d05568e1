package org.parley.mixer.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.mixer.opus.OpusDecoder;

class JitterBufferTest {

    private static final long TICK = 20_000_000L;
    private static final EncodedStream FEC_STREAM = EncodedStream.speech(600, 20, true);

    private OpusDecoder decoder;
    private JitterBuffer buffer;
    private final short[] pcm = new short[960];

    @BeforeEach
    void create() {
        decoder = OpusDecoder.create(48_000, 1);
        buffer = new JitterBuffer(decoder);
    }

    @AfterEach
    void close() {
        buffer.close();
    }

    private Arrival insert(EncodedStream stream, int index, int sequence, long arrivalNanos) {
        byte[] packet = stream.packets[index];
        return buffer.insert(sequence & 0xFFFF, stream.timestamp(index), packet, 0, packet.length, arrivalNanos);
    }

    private Arrival insert(int index, long arrivalNanos) {
        return insert(FEC_STREAM, index, index, arrivalNanos);
    }

    /** Pulls a frame that must be the decoded packet {@code index}: the decoder's range state proves which. */
    private void assertPlays(int index) {
        assertEquals(Playout.DECODED, buffer.pull(pcm), "packet " + index);
        assertEquals(FEC_STREAM.finalRanges[index], decoder.finalRange(), "packet " + index + " played out of order");
    }

    @Test
    void inOrderPacketsPlayWithOneFrameOfDepth() {
        for (int i = 0; i < 300; i++) {
            assertEquals(Arrival.ACCEPTED, insert(i, i * TICK));
            assertPlays(i);
            assertEquals(20, buffer.currentDepthMillis());
            assertEquals(20, buffer.targetDepthMillis());
        }
        assertEquals(300, buffer.received());
        assertEquals(0, buffer.lost() + buffer.concealed() + buffer.late() + buffer.dropped());
    }

    @Test
    void silenceBeforeTheFirstPacket() {
        pcm[5] = 123;
        assertEquals(Playout.SILENCE, buffer.pull(pcm));
        assertEquals(0, pcm[5]);
        assertEquals(0, buffer.currentDepthMillis());
    }

    @Test
    void reorderedPacketsWithinTheDepthPlayInOrder() {
        for (int index : new int[] {0, 2, 1, 4, 3}) {
            assertEquals(Arrival.ACCEPTED, insert(index, 0));
        }
        for (int i = 0; i < 5; i++) {
            assertPlays(i);
        }
        // Steady state two frames deep: swapped neighbours still play in order.
        insert(5, TICK);
        for (int tick = 5; tick < 40; tick++) {
            int arriving = tick + 1;
            if (arriving % 7 == 0) {
                arriving++;
            } else if (arriving % 7 == 1) {
                arriving--;
            }
            assertEquals(Arrival.ACCEPTED, insert(arriving, tick * TICK));
            assertPlays(tick);
        }
        assertEquals(0, buffer.lost() + buffer.concealed() + buffer.late());
    }

    @Test
    void singleLossIsRecoveredFromTheNextPacketsFec() {
        List<Playout> playouts = lockstepSkipping(40, 20);
        assertEquals(1, buffer.lost());
        assertEquals(1, buffer.recoveredByFec());
        // Tick 20 found the buffer dry and waited one frame; tick 21 rebuilt packet 20 from 21.
        assertEquals(Playout.CONCEALED, playouts.get(20));
        assertEquals(Playout.RECOVERED_BY_FEC, playouts.get(21));
        assertEquals(Playout.DECODED, playouts.get(22));
        assertEquals(1, buffer.concealed());
        assertEquals(0, buffer.late());
    }

    @Test
    void twoLossesInARowAreConcealedThenRecovered() {
        lockstepSkipping(40, 20, 21);
        assertEquals(2, buffer.lost());
        // Packet 20 has no successor with its FEC: concealed. Packet 21 comes back from 22.
        assertEquals(1, buffer.recoveredByFec());
        assertEquals(3, buffer.concealed(), "two dry ticks and one lost frame");
    }

    @Test
    void lossWithoutFecIsConcealed() {
        EncodedStream plain = EncodedStream.speech(40, 20, false);
        for (int i = 0; i < 40; i++) {
            if (i != 20) {
                insert(plain, i, i, i * TICK);
            }
            buffer.pull(pcm);
        }
        assertEquals(1, buffer.lost());
        assertEquals(0, buffer.recoveredByFec());
        assertEquals(2, buffer.concealed());
    }

    @Test
    void packetAfterItsTurnIsLate() {
        for (int tick = 0; tick < 30; tick++) {
            if (tick != 20) {
                insert(tick, tick * TICK);
            }
            if (tick == 23) {
                assertEquals(Arrival.LATE, insert(20, tick * TICK));
            }
            buffer.pull(pcm);
        }
        assertEquals(1, buffer.late());
        assertEquals(1, buffer.lost());
    }

    @Test
    void duplicatesAreDropped() {
        insert(0, 0);
        assertEquals(Arrival.DUPLICATE, insert(0, 0));
        assertPlays(0);
        assertEquals(1, buffer.duplicates());
        assertEquals(Arrival.LATE, insert(0, TICK), "a copy of a played packet is late");
    }

    @Test
    void sequenceNumbersAndTimestampsWrap() {
        int firstSequence = 65_500;
        long firstTimestamp = 0x1_0000_0000L - 30 * 960;
        for (int i = 0; i < 100; i++) {
            byte[] packet = FEC_STREAM.packets[i];
            long timestamp = (firstTimestamp + FEC_STREAM.timestamp(i)) & 0xFFFF_FFFFL;
            Arrival arrival = buffer.insert((firstSequence + i) & 0xFFFF, timestamp, packet, 0, packet.length, i * TICK);
            assertEquals(Arrival.ACCEPTED, arrival, "packet " + i);
            assertPlays(i);
        }
        assertEquals(20, buffer.targetDepthMillis());
        assertEquals(0, buffer.lost() + buffer.concealed() + buffer.resyncs());
    }

    @Test
    void depthGrowsWithJitterAndShrinksWhenItPasses() {
        Random random = new Random(7);
        int jittery = 250;
        int total = 600;
        List<long[]> arrivals = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            long delay = i < jittery ? (long) (random.nextDouble() * 3 * TICK) : TICK / 4;
            arrivals.add(new long[] {i * TICK + delay, i});
        }
        arrivals.sort(Comparator.comparingLong(a -> a[0]));

        int next = 0;
        int deepest = 0;
        int targetAfterJitter = 0;
        long concealedBeforeCalm = 0;
        for (int tick = 0; tick < total; tick++) {
            long now = tick * TICK + TICK / 2;
            while (next < total && arrivals.get(next)[0] <= now) {
                insert((int) arrivals.get(next)[1], arrivals.get(next)[0]);
                next++;
            }
            buffer.pull(pcm);
            if (tick < jittery + 5) {
                deepest = Math.max(deepest, buffer.currentDepthMillis());
                targetAfterJitter = buffer.targetDepthMillis();
                concealedBeforeCalm = buffer.concealed();
            }
            if (tick == total - 100) {
                assertEquals(concealedBeforeCalm, buffer.concealed(), "a calm link needs no concealment");
            }
        }
        assertTrue(targetAfterJitter >= 60, "target under 60 ms of jitter: " + targetAfterJitter);
        assertTrue(deepest >= 60, "deepest: " + deepest);
        assertTrue(buffer.dropped() > 0, "excess delay must be shed");
        assertEquals(20, buffer.targetDepthMillis());
        assertEquals(20, buffer.currentDepthMillis());
    }

    @Test
    void burstBeyondTheMaximumDelayIsCutBack() {
        // 20 packets arrive at once after a stall: 400 ms of audio, twice the maximum delay.
        insert(0, 0);
        assertPlays(0);
        for (int i = 1; i <= 20; i++) {
            insert(i, 21 * TICK);
        }
        buffer.pull(pcm);
        assertEquals(400, buffer.currentDepthMillis());
        assertTrue(buffer.dropped() >= 10, "dropped " + buffer.dropped());
        buffer.pull(pcm);
        assertTrue(buffer.currentDepthMillis() <= 200, "depth " + buffer.currentDepthMillis());
    }

    @Test
    void newSsrcRestartsTheStream() {
        for (int i = 0; i < 10; i++) {
            insert(i, i * TICK);
            assertPlays(i);
        }
        EncodedStream other = EncodedStream.speech(10, 20, true);
        for (int i = 0; i < 10; i++) {
            byte[] packet = other.packets[i];
            Arrival arrival = buffer.insert(0xBEEF, 40_000 + i, other.timestamp(i), i == 0, packet, 0, packet.length,
                    (10 + i) * TICK);
            assertEquals(i == 0 ? Arrival.RESYNC : Arrival.ACCEPTED, arrival);
            assertEquals(Playout.DECODED, buffer.pull(pcm));
            assertEquals(other.finalRanges[i], decoder.finalRange());
        }
        assertEquals(1, buffer.resyncs());
        assertEquals(0, buffer.lost());
    }

    @Test
    void sequenceJumpRestartsTheStream() {
        for (int i = 0; i < 10; i++) {
            insert(i, i * TICK);
            buffer.pull(pcm);
        }
        assertEquals(Arrival.RESYNC, insert(FEC_STREAM, 10, 30_000, 10 * TICK));
        assertEquals(Playout.DECODED, buffer.pull(pcm));
        assertEquals(Arrival.ACCEPTED, insert(FEC_STREAM, 11, 30_001, 11 * TICK));
        assertEquals(Playout.DECODED, buffer.pull(pcm));
        assertEquals(1, buffer.resyncs());
    }

    @Test
    void quietSourceFadesToSilenceAndResumes() {
        for (int i = 0; i < 10; i++) {
            insert(i, i * TICK);
            buffer.pull(pcm);
        }
        int concealedTicks = 0;
        for (int tick = 10; tick < 30; tick++) {
            if (buffer.pull(pcm) == Playout.CONCEALED) {
                concealedTicks++;
            }
        }
        assertEquals(10, concealedTicks, "conceal for the 200 ms maximum delay, then silence");
        assertEquals(Playout.SILENCE, buffer.pull(pcm));
        // The talker resumes after DTX (RFC 7587 §3.1.3): sequence numbers continue.
        assertEquals(Arrival.ACCEPTED, insert(10, 31 * TICK));
        assertPlays(10);
        assertEquals(0, buffer.lost());
    }

    @Test
    void resumingAfterSilenceRebuildsTheTargetDepthSilently() {
        Random random = new Random(3);
        long[] arrival = new long[100];
        for (int i = 0; i < 100; i++) {
            arrival[i] = i * TICK + (long) (random.nextDouble() * 3 * TICK);
        }
        int tick = 0;
        for (; tick < 110; tick++) {
            long now = tick * TICK + TICK / 2;
            for (int i = 0; i < 100; i++) {
                if (arrival[i] > now - TICK && arrival[i] <= now) {
                    insert(i, arrival[i]);
                }
            }
            buffer.pull(pcm);
        }
        while (buffer.pull(pcm) != Playout.SILENCE && tick < 200) {
            tick++;
        }
        int target = buffer.targetDepthMillis();
        assertTrue(target >= 60, "jitter must have raised the target: " + target);

        int start = ++tick;
        int silent = 0;
        for (int i = 100; i < 120; i++, tick++) {
            insert(i, tick * TICK);
            Playout playout = buffer.pull(pcm);
            if (playout == Playout.SILENCE) {
                silent++;
            } else {
                assertEquals(Playout.DECODED, playout);
                assertEquals(FEC_STREAM.finalRanges[i - silent], decoder.finalRange());
            }
        }
        assertEquals(target / 20 - 1, silent, "silent ticks before resuming, started at tick " + start);
        assertEquals(target, buffer.currentDepthMillis());
    }

    @Test
    void markerBitResumesAtTheTalkspurtWhenTheBufferIsDry() {
        for (int i = 0; i < 10; i++) {
            insert(i, i * TICK);
            buffer.pull(pcm);
        }
        buffer.pull(pcm);
        buffer.pull(pcm);
        byte[] packet = FEC_STREAM.packets[13];
        // Packets 10 to 12 never came; the marker says a new talkspurt starts at 13.
        buffer.insert(0, 13, FEC_STREAM.timestamp(13), true, packet, 0, packet.length, 13 * TICK);
        assertPlays(13);
        assertEquals(3, buffer.lost());
    }

    @Test
    void tenMillisecondTicks() {
        EncodedStream stream = EncodedStream.speech(100, 10, true);
        try (JitterBuffer tenMs = new JitterBuffer(OpusDecoder.create(48_000, 1), 10, 200)) {
            short[] frame = new short[tenMs.frameSamples()];
            assertEquals(480, frame.length);
            for (int i = 0; i < 100; i++) {
                byte[] packet = stream.packets[i];
                tenMs.insert(i, stream.timestamp(i), packet, 0, packet.length, i * TICK / 2);
                assertEquals(Playout.DECODED, tenMs.pull(frame));
            }
            assertEquals(10, tenMs.currentDepthMillis());
            assertEquals(10, tenMs.packetMillis());
        }
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(1234);
        byte[] payload = new byte[1600];
        int base = 0;
        long ssrc = 1;
        for (int i = 0; i < 100_000; i++) {
            if (random.nextInt(1000) == 0) {
                base = random.nextInt(65_536);
            }
            if (random.nextInt(5000) == 0) {
                ssrc++;
            }
            int sequence = (base + random.nextInt(200) - 100) & 0xFFFF;
            base++;
            int length = random.nextInt(1600);
            random.nextBytes(payload);
            buffer.insert(ssrc, sequence, random.nextLong() & 0xFFFF_FFFFL, random.nextBoolean(), payload, 0, length,
                    i * TICK + random.nextInt(100_000_000));
            if ((i & 1) == 0) {
                buffer.pull(pcm);
            }
        }
        assertEquals(100_000, buffer.received());
        assertTrue(buffer.undecodable() > 0);
        assertTrue(buffer.late() > 0);
        assertTrue(buffer.resyncs() > 0);
        assertTrue(buffer.targetDepthMillis() <= 200);
    }

    private List<Playout> lockstepSkipping(int ticks, int... skipped) {
        List<Playout> playouts = new ArrayList<>();
        for (int tick = 0; tick < ticks; tick++) {
            boolean skip = false;
            for (int s : skipped) {
                skip |= s == tick;
            }
            if (!skip) {
                insert(tick, tick * TICK);
            }
            playouts.add(buffer.pull(pcm));
        }
        return playouts;
    }
}
