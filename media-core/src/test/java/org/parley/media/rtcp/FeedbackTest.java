package org.parley.media.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.media.rtcp.RtcpPacketTest.hex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RTPFB / PSFB feedback (RFC 4585, RFC 5104, REMB). */
class FeedbackTest {

    /** Collects NACKed sequence numbers into a preallocated array. */
    private static final class Collector implements java.util.function.IntConsumer {
        final int[] values = new int[64];
        int count;

        @Override
        public void accept(int value) {
            values[count++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, count);
        }
    }

    @Test
    void parsesGenericNack() {
        // RFC 4585 §6.2.1: PID 100, BLP 0x8001 -> 100, 101, 116; second FCI: PID 65535, BLP 0x0001 -> 65535, 0.
        ByteBuf buf = hex("81CD0004 11111111 22222222 00648001 FFFF0001");
        assertTrue(Nack.isNack(buf, 0));
        assertEquals(0x11111111L, RtcpPacket.senderSsrc(buf, 0));
        assertEquals(0x22222222L, Nack.mediaSsrc(buf, 0));
        Collector lost = new Collector();
        assertEquals(5, Nack.forEachLost(buf, 0, lost));
        assertArrayEquals(new int[] {100, 101, 116, 65535, 0}, lost.toArray());
        assertFalse(Pli.isPli(buf, 0));
    }

    @Test
    void writesNackPackingNeighboursIntoBitmask() {
        int[] lost = {65530, 65531, 65535, 9, 10, 30, 47, 47};
        ByteBuf out = Unpooled.buffer();
        int written = Nack.write(out, 1, 2, lost, lost.length);
        // 65530 + {1, 5, 15 (=9), 16 (=10)}; 30 + {17 (=47) too far} -> 30; 47.
        assertEquals(hex("81CD0005 00000001 00000002 FFFAC011 001E0000 002F0000"), out);
        assertEquals(24, written);
        Collector collected = new Collector();
        Nack.forEachLost(out, 0, collected);
        assertArrayEquals(new int[] {65530, 65531, 65535, 9, 10, 30, 47}, collected.toArray());
        assertEquals(0, Nack.write(Unpooled.buffer(), 1, 2, lost, 0));
    }

    @Test
    void parsesAndWritesPli() {
        ByteBuf buf = hex("81CE0002 11111111 22222222");
        assertTrue(Pli.isPli(buf, 0));
        assertEquals(0x22222222L, Pli.mediaSsrc(buf, 0));
        ByteBuf out = Unpooled.buffer();
        assertEquals(12, Pli.write(out, 0x11111111L, 0x22222222L));
        assertEquals(buf, out);
    }

    @Test
    void parsesAndWritesFir() {
        // RFC 5104 §4.3.1: media source SSRC 0; FCI = SSRC, seq nr, 24 reserved bits; two entries.
        ByteBuf buf = hex("84CE0006 11111111 00000000 22222222 05000000 33333333 FF000000");
        assertTrue(Fir.isFir(buf, 0));
        assertEquals(2, Fir.entryCount(buf, 0));
        assertEquals(0x22222222L, Fir.entrySsrc(buf, 0, 0));
        assertEquals(5, Fir.entrySequenceNumber(buf, 0, 0));
        assertEquals(0x33333333L, Fir.entrySsrc(buf, 0, 1));
        assertEquals(255, Fir.entrySequenceNumber(buf, 0, 1));
        assertEquals(-1, Fir.entrySsrc(buf, 0, 2));

        ByteBuf out = Unpooled.buffer();
        assertEquals(20, Fir.write(out, 0x11111111L, 0x22222222L, 5));
        assertEquals(hex("84CE0004 11111111 00000000 22222222 05000000"), out);
    }

    @Test
    void parsesRemb() {
        // 1 Mbit/s = 250000 << 2: exponent 2, mantissa 0x3D090.
        ByteBuf buf = hex("8FCE0005 11111111 00000000 52454D42 010BD090 CAFEBABE");
        assertTrue(Remb.isRemb(buf, 0));
        assertEquals(1_000_000, Remb.bitrate(buf, 0));
        assertEquals(1, Remb.ssrcCount(buf, 0));
        assertEquals(0xCAFEBABEL, Remb.ssrc(buf, 0, 0));
        assertEquals(-1, Remb.ssrc(buf, 0, 1));
        assertFalse(Remb.isRemb(hex("8FCE0005 11111111 00000000 52454D43 010BD090 CAFEBABE"), 0));
        assertFalse(Remb.isRemb(hex("8FCE0004 11111111 00000000 52454D42 020BD090"), 0), "2 SSRCs announced");
        assertEquals(Long.MAX_VALUE, Remb.bitrate(hex("8FCE0004 11111111 00000000 52454D42 00FFFFFF"), 0));
    }

    @Test
    void writesRembRoundTrip() {
        ByteBuf out = Unpooled.buffer();
        assertEquals(24, Remb.write(out, 0x11111111L, 1_000_000, new long[] {0xCAFEBABEL}, 1));
        assertEquals(hex("8FCE0005 11111111 00000000 52454D42 010BD090 CAFEBABE"), out);
        long[] bitrates = {0, 1, 262_143, 262_144, 123_456_789, 5_000_000_000L};
        for (long bitrate : bitrates) {
            out.clear();
            Remb.write(out, 1, bitrate, new long[] {7, 8}, 2);
            long decoded = Remb.bitrate(out, 0);
            assertTrue(decoded <= bitrate && decoded > bitrate - bitrate / 100_000 - 1, bitrate + " -> " + decoded);
            assertEquals(2, Remb.ssrcCount(out, 0));
            assertEquals(8, Remb.ssrc(out, 0, 1));
        }
    }

    /**
     * Hand-built per draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1, base 65534, 24 statuses:
     * run-length chunk (3 x small delta), 2-bit vector (lost, large, small, 4 x lost),
     * 1-bit vector (received, lost, received, 10 x lost, received); P=1 with one padding octet.
     */
    private static final String TRANSPORT_CC = "AFCD0008 11111111 22222222 FFFE0018 00010207"
            + "2003C900 A8010400 FFFFFE01 02031001";

    @Test
    void parsesTransportCcWithBothChunkKindsAndDeltaSizes() {
        ByteBuf buf = hex(TRANSPORT_CC);
        assertTrue(TransportCc.isTransportCc(buf, 0));
        assertFalse(Nack.isNack(buf, 0));
        assertEquals(65534, TransportCc.baseSequenceNumber(buf, 0));
        assertEquals(24, TransportCc.packetStatusCount(buf, 0));
        assertEquals(0x000102, TransportCc.referenceTime(buf, 0));
        assertEquals(7, TransportCc.feedbackPacketCount(buf, 0));

        int[] sequences = new int[32];
        boolean[] received = new boolean[32];
        int[] deltas = new int[32];
        int[] n = {0};
        assertEquals(24, TransportCc.forEachPacket(buf, 0, (seq, got, delta) -> {
            sequences[n[0]] = seq;
            received[n[0]] = got;
            deltas[n[0]++] = delta;
        }));
        assertEquals(24, n[0]);
        for (int i = 0; i < 24; i++) {
            assertEquals((65534 + i) & 0xFFFF, sequences[i]);
        }
        int[] receivedIndexes = {0, 1, 2, 4, 5, 10, 12, 23};
        int[] expectedDeltas = {1000, 0, 63_750, -500, 250, 500, 750, 4000};
        boolean[] expectedReceived = new boolean[24];
        int[] expectedDeltaByIndex = new int[24];
        for (int k = 0; k < receivedIndexes.length; k++) {
            expectedReceived[receivedIndexes[k]] = true;
            expectedDeltaByIndex[receivedIndexes[k]] = expectedDeltas[k];
        }
        assertArrayEquals(expectedReceived, Arrays.copyOf(received, 24));
        assertArrayEquals(expectedDeltaByIndex, Arrays.copyOf(deltas, 24));
    }

    @Test
    void parsesTransportCcWithLongRunOfLostPackets() {
        // 1000 not received (run-length, symbol 00), then 1 small delta; zero padding to 32 bits.
        ByteBuf buf = hex("8FCD0006 11111111 22222222 000003E9 FFFFFF00 03E82001 08000000");
        assertEquals(-1, TransportCc.referenceTime(buf, 0));
        int[] counts = new int[2];
        int[] lastDelta = {0};
        assertEquals(1001, TransportCc.forEachPacket(buf, 0, (seq, got, delta) -> {
            counts[got ? 1 : 0]++;
            if (got) {
                lastDelta[0] = delta;
                assertEquals(1000, seq);
            }
        }));
        assertEquals(1000, counts[0]);
        assertEquals(1, counts[1]);
        assertEquals(2000, lastDelta[0]);
    }

    @Test
    void rejectsMalformedTransportCcWithoutCallingBack() {
        int[] calls = {0};
        TransportCc.PacketVisitor counter = (seq, got, delta) -> calls[0]++;
        // Deltas truncated: one word shorter.
        assertEquals(-1, TransportCc.forEachPacket(
                hex("8FCD0007 11111111 22222222 FFFE0018 00010207 2003C900 A8010400 FFFFFE01"), 0, counter));
        // Reserved symbol 11 in a 2-bit vector.
        assertEquals(-1, TransportCc.forEachPacket(
                hex("8FCD0005 11111111 22222222 00000001 00000000 F0000000"), 0, counter));
        // Chunks do not cover the status count.
        assertEquals(-1, TransportCc.forEachPacket(
                hex("8FCD0005 11111111 22222222 00000064 00000000 20010000"), 0, counter));
        assertEquals(0, calls[0]);
    }
}
