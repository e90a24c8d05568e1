package org.parley.mixer.opus;

import org.junit.jupiter.api.Test;
import org.parley.mixer.AudioAnalysis;
import org.parley.mixer.ThreadAllocations;

/** Encoding and decoding copy through native scratch buffers: nothing lands on the Java heap. */
class OpusAllocationTest {

    private static final int FRAME = 960;

    @Test
    void encodeDecodeAndConcealAllocateNothing() throws OpusException {
        short[] input = AudioAnalysis.speechLike(50 * FRAME);
        short[] output = new short[FRAME];
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = OpusEncoder.create(48_000, 1, Application.VOIP);
                OpusDecoder decoder = OpusDecoder.create(48_000, 1)) {
            encoder.setInbandFec(true);
            encoder.setPacketLossPercent(10);
            cycle(encoder, decoder, input, output, packet);
            ThreadAllocations.assertSomeCycleAllocatesNothing("cycles of 50 frames",
                    n -> cycle(encoder, decoder, input, output, packet));
        }
    }

    private static void cycle(OpusEncoder encoder, OpusDecoder decoder, short[] input, short[] output, byte[] packet)
            throws OpusException {
        for (int i = 0; i < 50; i++) {
            int length = encoder.encode(input, i * FRAME, FRAME, packet, 0, packet.length);
            switch (i % 10) {
                case 3 -> decoder.conceal(output, 0, FRAME);
                case 6 -> decoder.decode(packet, 0, length, output, 0, FRAME, true);
                default -> decoder.decode(packet, 0, length, output, 0, FRAME, false);
            }
        }
    }
}
