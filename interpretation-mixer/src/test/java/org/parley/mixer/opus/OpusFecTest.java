package org.parley.mixer.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.mixer.AudioAnalysis.correlation;
import static org.parley.mixer.AudioAnalysis.speechLike;

import org.junit.jupiter.api.Test;

/** In-band FEC (RFC 6716 §2.1.7): a lost frame rebuilt from the LBRR data in the next packet. */
class OpusFecTest {

    private static final int RATE = 48_000;
    private static final int FRAME = 960;
    private static final int FRAMES = 50;
    private static final int LOST = 30;

    @Test
    void lostFrameRecoveredFromNextPacketBeatsConcealment() throws OpusException {
        // The pitch jumps at the start of the lost output frame (the decoder lags the input by the
        // encoder's 312-sample look-ahead): concealment can only extrapolate the old pitch.
        short[] input = speechLike(FRAMES * FRAME, LOST * FRAME - 300);
        byte[][] packets = new byte[FRAMES][];
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.VOIP)) {
            encoder.setBitrate(24_000);
            encoder.setSignal(Signal.VOICE);
            encoder.setInbandFec(true);
            encoder.setPacketLossPercent(10);
            byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
            for (int i = 0; i < FRAMES; i++) {
                int length = encoder.encode(input, i * FRAME, FRAME, packet, 0, packet.length);
                packets[i] = java.util.Arrays.copyOf(packet, length);
            }
        }
        byte[] next = packets[LOST + 1];
        assertTrue(OpusPacket.hasLbrr(next, 0, next.length), "packet after the lost one must carry LBRR");

        short[] reference = decodeAll(packets, Recovery.NONE);
        short[] recovered = decodeAll(packets, Recovery.FEC);
        short[] concealed = decodeAll(packets, Recovery.PLC);

        int at = LOST * FRAME;
        double fec = correlation(reference, at, recovered, at, FRAME);
        double plc = correlation(reference, at, concealed, at, FRAME);
        assertTrue(fec > 0.8, "FEC frame correlates " + fec + " with the lossless decode");
        assertTrue(fec > plc + 0.2, "FEC " + fec + " must beat concealment " + plc);
    }

    @Test
    void withoutFecPacketsCarryNoLbrr() throws OpusException {
        short[] input = speechLike(10 * FRAME);
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.VOIP)) {
            encoder.setBitrate(24_000);
            encoder.setSignal(Signal.VOICE);
            for (int i = 0; i < 10; i++) {
                int length = encoder.encode(input, i * FRAME, FRAME, packet, 0, packet.length);
                assertTrue(OpusPacket.mode(packet[0]) != OpusPacket.Mode.CELT, "speech modes carry LBRR");
                assertFalse(OpusPacket.hasLbrr(packet, 0, length), "frame " + i);
            }
        }
    }

    private enum Recovery { NONE, FEC, PLC }

    private static short[] decodeAll(byte[][] packets, Recovery recovery) throws OpusException {
        short[] output = new short[packets.length * FRAME];
        try (OpusDecoder decoder = OpusDecoder.create(RATE, 1)) {
            for (int i = 0; i < packets.length; i++) {
                int at = i * FRAME;
                if (i != LOST || recovery == Recovery.NONE) {
                    decoder.decode(packets[i], 0, packets[i].length, output, at, FRAME, false);
                } else if (recovery == Recovery.FEC) {
                    byte[] next = packets[i + 1];
                    assertEquals(FRAME, decoder.decode(next, 0, next.length, output, at, FRAME, true));
                } else {
                    assertEquals(FRAME, decoder.conceal(output, at, FRAME));
                }
            }
        }
        return output;
    }
}
