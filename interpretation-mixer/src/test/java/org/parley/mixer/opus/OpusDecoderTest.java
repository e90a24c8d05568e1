package org.parley.mixer.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.mixer.AudioAnalysis.dominantFrequency;
import static org.parley.mixer.AudioAnalysis.rms;
import static org.parley.mixer.AudioAnalysis.sine;

import org.junit.jupiter.api.Test;

class OpusDecoderTest {

    private static final int RATE = 48_000;
    private static final int FRAME = 960;

    @Test
    void corruptPacketIsAnOpusErrorWithLibopusText() {
        // Code 3 packet (RFC 6716 §3.2.5) announcing zero frames: invalid.
        byte[] corrupt = {(byte) 0x03, 0x00};
        try (OpusDecoder decoder = OpusDecoder.create(RATE, 1)) {
            OpusException e = assertThrows(OpusException.class,
                    () -> decoder.decode(corrupt, 0, corrupt.length, new short[FRAME], 0, FRAME, false));
            assertEquals(OpusException.INVALID_PACKET, e.errorCode());
            assertTrue(e.getMessage().contains("corrupted stream"), e.getMessage());
        }
    }

    @Test
    void outputTooShortForThePacketIsAnOpusError() throws OpusException {
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.AUDIO);
                OpusDecoder decoder = OpusDecoder.create(RATE, 1)) {
            int length = encoder.encode(sine(1000, 8000, RATE, 0, FRAME), 0, FRAME, packet, 0, packet.length);
            OpusException e = assertThrows(OpusException.class,
                    () -> decoder.decode(packet, 0, length, new short[FRAME], 0, FRAME / 2, false));
            assertEquals(OpusException.BUFFER_TOO_SMALL, e.errorCode());
        }
    }

    @Test
    void concealmentContinuesTheSignal() throws OpusException {
        short[] output = new short[FRAME];
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.VOIP);
                OpusDecoder decoder = OpusDecoder.create(RATE, 1)) {
            decodeSteadyTone(encoder, decoder, output);
            assertEquals(FRAME, decoder.conceal(output, 0, FRAME));
            assertEquals(FRAME, decoder.lastPacketDuration());
        }
        assertTrue(rms(output, 0, FRAME) > 1000, "concealment of a steady tone must not be silent");
        assertEquals(1000, dominantFrequency(output, 0, FRAME, RATE), 50);
    }

    @Test
    void aOneBytePacketWithTheLostFrameTocIsConcealedForOneFrame() throws OpusException {
        short[] output = new short[FRAME];
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.VOIP);
                OpusDecoder decoder = OpusDecoder.create(RATE, 1)) {
            byte toc = decodeSteadyTone(encoder, decoder, output);
            byte[] lost = {OpusPacket.lostFrameToc(toc)};
            assertEquals(OpusPacket.samplesPerFrame(toc, RATE), OpusPacket.sampleCount(lost, 0, 1, RATE));
            assertEquals(FRAME, decoder.decode(lost, 0, 1, output, 0, FRAME, false));
        }
        assertTrue(rms(output, 0, FRAME) > 1000, "a lost frame of a steady tone is concealed, not silent");
        assertEquals(1000, dominantFrequency(output, 0, FRAME, RATE), 50);
    }

    /** Encodes and decodes half a second of a steady 1 kHz tone; returns the last packet's TOC byte. */
    private static byte decodeSteadyTone(OpusEncoder encoder, OpusDecoder decoder, short[] output) throws OpusException {
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        short[] input = sine(1000, 10_000, RATE, 0, 25 * FRAME);
        for (int i = 0; i < 25; i++) {
            int length = encoder.encode(input, i * FRAME, FRAME, packet, 0, packet.length);
            decoder.decode(packet, 0, length, output, 0, FRAME, false);
        }
        return packet[0];
    }

    @Test
    void decodesToAnotherRateAndStereo() throws OpusException {
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        short[] input = sine(1000, 10_000, RATE, 0, FRAME);
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.AUDIO);
                OpusDecoder decoder = OpusDecoder.create(16_000, 2)) {
            int length = encoder.encode(input, 0, FRAME, packet, 0, packet.length);
            short[] output = new short[2 * 320];
            assertEquals(320, decoder.decode(packet, 0, length, output, 0, 320, false));
        }
    }
}
