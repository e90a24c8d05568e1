package org.parley.mixer.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.parley.mixer.AudioAnalysis;

class OpusEncoderTest {

    private static final int RATE = 48_000;
    private static final int FRAME = 960;

    @Test
    void constantBitrateHoldsTheTarget() throws OpusException {
        long target = 12_000 * 5 / 8;
        long total = encodedBytes(12_000, false, 5);
        assertTrue(Math.abs(total - target) <= target * 0.15, "encoded " + total + " bytes, target " + target + " ± 15 %");
    }

    @Test
    void variableBitrateStaysNearTheTarget() throws OpusException {
        long target = 12_000 * 5 / 8;
        long total = encodedBytes(12_000, true, 5);
        // SILK's VBR treats the rate as a ceiling and spends less on predictable voiced sound
        // (about 20 % less on this signal), so only the upper bound is tight.
        assertTrue(total <= target * 1.15 && total >= target * 0.7,
                "encoded " + total + " bytes, target " + target);
    }

    private static long encodedBytes(int bitrate, boolean vbr, int seconds) throws OpusException {
        short[] speechLike = AudioAnalysis.speechLike(seconds * RATE);
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        long total = 0;
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.VOIP)) {
            encoder.setBitrate(bitrate);
            encoder.setVbr(vbr);
            for (int off = 0; off < speechLike.length; off += FRAME) {
                total += encoder.encode(speechLike, off, FRAME, packet, 0, packet.length);
            }
        }
        return total;
    }

    @Test
    void dtxSendsTinyPacketsDuringSilence() throws OpusException {
        short[] silence = new short[2 * RATE];
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        int tiny = 0;
        int frames = silence.length / FRAME;
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.VOIP)) {
            encoder.setDtx(true);
            for (int i = 0; i < frames; i++) {
                if (encoder.encode(silence, i * FRAME, FRAME, packet, 0, packet.length) <= 2) {
                    tiny++;
                }
            }
        }
        assertTrue(tiny > frames * 3 / 4, tiny + " of " + frames + " silent frames were DTX packets");
    }

    @Test
    void withoutDtxSilenceStillProducesFrames() throws OpusException {
        short[] silence = new short[FRAME];
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.VOIP)) {
            for (int i = 0; i < 20; i++) {
                assertTrue(encoder.encode(silence, 0, FRAME, packet, 0, packet.length) >= 1);
            }
        }
    }

    @Test
    void settersReachLibopus() {
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 2, Application.AUDIO)) {
            encoder.setComplexity(3);
            assertEquals(3, encoder.complexity());
            encoder.setMaxBandwidth(Bandwidth.WIDEBAND);
            encoder.setBandwidth(Bandwidth.SUPERWIDEBAND);
            encoder.setBandwidthAuto();
            encoder.setInbandFec(true);
            encoder.setPacketLossPercent(10);
            encoder.setSignal(Signal.MUSIC);
            encoder.setVbr(false);
            encoder.reset();
            assertEquals(RATE, encoder.sampleRate());
            assertEquals(2, encoder.channels());
            // libopus 1.3 at 48 kHz: 2.5 ms of look-ahead plus 4 ms of delay compensation.
            assertEquals(312, encoder.lookahead());
            assertThrows(IllegalArgumentException.class, () -> encoder.setComplexity(11));
            assertThrows(IllegalArgumentException.class, () -> encoder.setBitrate(100));
        }
    }

    @Test
    void forcedBandwidthShowsInThePacket() throws OpusException {
        short[] tone = org.parley.mixer.AudioAnalysis.sine(440, 8000, RATE, 0, FRAME);
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.VOIP);
                OpusDecoder decoder = OpusDecoder.create(RATE, 1)) {
            encoder.setBandwidth(Bandwidth.NARROWBAND);
            int length = encoder.encode(tone, 0, FRAME, packet, 0, packet.length);
            assertEquals(Bandwidth.NARROWBAND, OpusPacket.bandwidth(packet[0]));
            decoder.decode(packet, 0, length, new short[FRAME], 0, FRAME, false);
            assertEquals(Bandwidth.NARROWBAND, decoder.bandwidth());
            assertEquals(FRAME, decoder.lastPacketDuration());
        }
    }

    @Test
    void rejectsFramesOpusCannotCode() {
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.VOIP)) {
            short[] pcm = new short[RATE];
            byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(pcm, 0, 1000, packet, 0, packet.length));
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(pcm, 0, 3360, packet, 0, packet.length));
            assertThrows(IllegalArgumentException.class, () -> encoder.encode(pcm, 0, 6720, packet, 0, packet.length));
        }
        assertThrows(IllegalArgumentException.class, () -> OpusEncoder.create(44_100, 1, Application.VOIP));
        assertThrows(IllegalArgumentException.class, () -> OpusEncoder.create(RATE, 3, Application.VOIP));
    }

    @Test
    void closeTwiceIsSafeAndUseAfterCloseFails() {
        OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.VOIP);
        OpusDecoder decoder = OpusDecoder.create(RATE, 1);
        encoder.close();
        encoder.close();
        decoder.close();
        decoder.close();
        short[] pcm = new short[FRAME];
        byte[] packet = new byte[100];
        assertThrows(IllegalStateException.class, () -> encoder.encode(pcm, 0, FRAME, packet, 0, packet.length));
        assertThrows(IllegalStateException.class, () -> encoder.setBitrate(24_000));
        assertThrows(IllegalStateException.class, () -> decoder.conceal(pcm, 0, FRAME));
        assertThrows(IllegalStateException.class, decoder::finalRange);
    }
}
