package org.parley.mixer.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.mixer.AudioAnalysis.decibels;
import static org.parley.mixer.AudioAnalysis.dominantFrequency;
import static org.parley.mixer.AudioAnalysis.rms;
import static org.parley.mixer.AudioAnalysis.sine;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpusRoundTripTest {

    private static final int RATE = 48_000;
    private static final int SECOND = RATE;

    @ParameterizedTest(name = "{0} ms frames at {1} bit/s")
    @CsvSource({"20, 16000", "20, 32000", "20, 64000", "60, 16000", "60, 32000", "60, 64000"})
    void sineSurvivesEncodeAndDecode(int frameMillis, int bitrate) throws OpusException {
        int frame = RATE / 1000 * frameMillis;
        int frames = SECOND / frame;
        short[] input = sine(1000, 12_000, RATE, 0, frames * frame);
        short[] output = new short[input.length];
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];

        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.AUDIO);
                OpusDecoder decoder = OpusDecoder.create(RATE, 1)) {
            encoder.setBitrate(bitrate);
            assertEquals(bitrate, encoder.bitrate());
            for (int i = 0; i < frames; i++) {
                int length = encoder.encode(input, i * frame, frame, packet, 0, packet.length);
                assertTrue(length > 2, "a tone must not be coded as silence");
                assertEquals(frame, OpusPacket.sampleCount(packet, 0, length, RATE));
                int decoded = decoder.decode(packet, 0, length, output, i * frame, frame, false);
                assertEquals(frame, decoded);
                assertEquals(encoder.finalRange(), decoder.finalRange(), "range coder state must match");
            }
        }

        // Skip the first 200 ms: codec start-up and the encoder's look-ahead.
        int from = RATE / 5;
        int length = output.length - from;
        assertEquals(1000, dominantFrequency(output, from, length, RATE), 1e-9);
        double gain = decibels(rms(output, from, length) / rms(input, from, length));
        assertTrue(Math.abs(gain) < 3, "level changed by " + gain + " dB");
    }
}
