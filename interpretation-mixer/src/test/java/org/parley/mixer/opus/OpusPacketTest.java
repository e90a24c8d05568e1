package org.parley.mixer.opus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.mixer.AudioAnalysis.speechLike;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpusPacketTest {

    private static final int RATE = 48_000;

    private static byte toc(int config, boolean stereo, int code) {
        return (byte) (config << 3 | (stereo ? 0x4 : 0) | code);
    }

    @ParameterizedTest(name = "config {0}")
    // RFC 6716 §3.1, Table 2: configuration -> mode, bandwidth, frame size.
    @CsvSource({
        "0, SILK, NARROWBAND, 480", "1, SILK, NARROWBAND, 960", "2, SILK, NARROWBAND, 1920",
        "3, SILK, NARROWBAND, 2880", "5, SILK, MEDIUMBAND, 960", "9, SILK, WIDEBAND, 960",
        "11, SILK, WIDEBAND, 2880", "12, HYBRID, SUPERWIDEBAND, 480", "13, HYBRID, SUPERWIDEBAND, 960",
        "14, HYBRID, FULLBAND, 480", "15, HYBRID, FULLBAND, 960", "16, CELT, NARROWBAND, 120",
        "19, CELT, NARROWBAND, 960", "20, CELT, WIDEBAND, 120", "26, CELT, SUPERWIDEBAND, 480",
        "28, CELT, FULLBAND, 120", "29, CELT, FULLBAND, 240", "31, CELT, FULLBAND, 960"})
    void tocConfiguration(int config, OpusPacket.Mode mode, Bandwidth bandwidth, int samples) {
        byte toc = toc(config, false, 0);
        assertEquals(mode, OpusPacket.mode(toc));
        assertEquals(bandwidth, OpusPacket.bandwidth(toc));
        assertEquals(samples, OpusPacket.samplesPerFrame(toc, RATE));
        assertEquals(samples / 6, OpusPacket.samplesPerFrame(toc, 8_000));
        assertFalse(OpusPacket.isStereo(toc));
        assertTrue(OpusPacket.isStereo(toc(config, true, 0)));
    }

    @Test
    void frameCountCodes() {
        byte[] one = {toc(1, false, 0), 1, 2};
        byte[] twoEqual = {toc(1, false, 1), 1, 2};
        byte[] twoSized = {toc(1, false, 2), 1, 2, 3};
        byte[] threeVbr = {toc(1, false, 3), (byte) 0x83, 1, 1, 5, 6, 7};
        assertEquals(1, OpusPacket.frameCount(one, 0, one.length));
        assertEquals(2, OpusPacket.frameCount(twoEqual, 0, twoEqual.length));
        assertEquals(2, OpusPacket.frameCount(twoSized, 0, twoSized.length));
        assertEquals(3, OpusPacket.frameCount(threeVbr, 0, threeVbr.length));
        assertEquals(3 * 960, OpusPacket.sampleCount(threeVbr, 0, threeVbr.length, RATE));
    }

    @Test
    void malformedPacketsAreInvalidNotExceptions() {
        assertEquals(OpusPacket.INVALID, OpusPacket.frameCount(new byte[0], 0, 0));
        // Code 3 without its frame count byte, and with zero frames (RFC 6716 §3.2.5).
        assertEquals(OpusPacket.INVALID, OpusPacket.frameCount(new byte[] {toc(1, false, 3)}, 0, 1));
        assertEquals(OpusPacket.INVALID, OpusPacket.frameCount(new byte[] {toc(1, false, 3), 0}, 0, 2));
        // 7 frames of 20 ms exceed the 120 ms limit.
        byte[] tooLong = {toc(1, false, 3), 7, 0, 0, 0, 0, 0, 0, 0};
        assertEquals(OpusPacket.INVALID, OpusPacket.sampleCount(tooLong, 0, tooLong.length, RATE));
        // Code 1 with an odd payload cannot split into two equal frames.
        assertEquals(OpusPacket.INVALID, OpusPacket.firstFrameOffset(new byte[] {toc(1, false, 1), 1, 2, 3}, 0, 4));
        // Code 2 whose first frame runs past the end.
        assertEquals(OpusPacket.INVALID, OpusPacket.firstFrameOffset(new byte[] {toc(1, false, 2), 9, 1}, 0, 3));
        // Padding that runs past the end.
        byte[] padded = {toc(1, false, 3), (byte) 0x41, (byte) 255};
        assertEquals(OpusPacket.INVALID, OpusPacket.firstFrameOffset(padded, 0, padded.length));
        assertFalse(OpusPacket.hasLbrr(padded, 0, padded.length));
    }

    @Test
    void firstFrameOffsetFollowsLengthsAndPadding() {
        // Code 2, first frame length 300 coded in two bytes: 252 + 4 * 12 (RFC 6716 §3.2.1).
        byte[] code2 = new byte[1 + 2 + 300 + 10];
        code2[0] = toc(1, false, 2);
        code2[1] = (byte) 252;
        code2[2] = 12;
        assertEquals(3, OpusPacket.firstFrameOffset(code2, 0, code2.length));
        // Code 3, VBR, padded by 254 + 2 bytes, two frames: count byte, 2 padding bytes, 1 length.
        byte[] code3 = new byte[2 + 2 + 1 + 4 + 5 + 256];
        code3[0] = toc(1, false, 3);
        code3[1] = (byte) 0xC2;
        code3[2] = (byte) 255;
        code3[3] = 2;
        code3[4] = 4;
        assertEquals(5, OpusPacket.firstFrameOffset(code3, 0, code3.length));
        // Code 3, CBR, three frames of 2 bytes.
        byte[] cbr = {toc(1, false, 3), 3, 1, 1, 2, 2, 3, 3};
        assertEquals(2, OpusPacket.firstFrameOffset(cbr, 0, cbr.length));
        // At an offset inside a larger buffer.
        byte[] shifted = new byte[5 + cbr.length];
        System.arraycopy(cbr, 0, shifted, 5, cbr.length);
        assertEquals(7, OpusPacket.firstFrameOffset(shifted, 5, cbr.length));
    }

    @ParameterizedTest(name = "{0} samples, {1}")
    @CsvSource({"120, AUDIO", "240, AUDIO", "480, AUDIO", "960, AUDIO", "1920, AUDIO", "2880, AUDIO",
        "480, VOIP", "960, VOIP", "1920, VOIP", "2880, VOIP"})
    void sampleCountMatchesLibopus(int frame, Application application) throws OpusException {
        short[] input = speechLike(frame * 4);
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        short[] output = new short[frame];
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, application);
                OpusDecoder decoder = OpusDecoder.create(RATE, 1)) {
            for (int i = 0; i < 4; i++) {
                int length = encoder.encode(input, i * frame, frame, packet, 0, packet.length);
                int decoded = decoder.decode(packet, 0, length, output, 0, frame, false);
                assertEquals(decoded, OpusPacket.sampleCount(packet, 0, length, RATE));
                assertEquals(decoder.bandwidth(), OpusPacket.bandwidth(packet[0]));
            }
        }
    }

    @ParameterizedTest(name = "{0} samples")
    @CsvSource({"480", "960", "1920", "2880"})
    void lbrrFlagFoundInEverySilkFrameLayout(int frame) throws OpusException {
        // 10 and 20 ms packets hold one SILK frame, 40 and 60 ms hold two and three: the LBRR
        // flag moves behind as many VAD flags, which are all set for this steady voiced input.
        boolean[] withFec = lbrrFlags(frame, true);
        assertFalse(withFec[0], "the first packet has no predecessor to protect");
        for (int i = 2; i < withFec.length; i++) {
            assertTrue(withFec[i], "packet " + i + " of " + Arrays.toString(withFec));
        }
        boolean[] withoutFec = lbrrFlags(frame, false);
        for (int i = 0; i < withoutFec.length; i++) {
            assertFalse(withoutFec[i], "packet " + i + " of " + Arrays.toString(withoutFec));
        }
    }

    private static boolean[] lbrrFlags(int frame, boolean fec) throws OpusException {
        short[] input = steadyVowel(frame * 6);
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        boolean[] lbrr = new boolean[6];
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, Application.VOIP)) {
            encoder.setBitrate(32_000);
            encoder.setSignal(Signal.VOICE);
            encoder.setMaxBandwidth(Bandwidth.WIDEBAND);
            encoder.setInbandFec(fec);
            encoder.setPacketLossPercent(20);
            for (int i = 0; i < lbrr.length; i++) {
                int length = encoder.encode(input, i * frame, frame, packet, 0, packet.length);
                assertEquals(OpusPacket.Mode.SILK, OpusPacket.mode(packet[0]));
                lbrr[i] = OpusPacket.hasLbrr(packet, 0, length);
            }
        }
        return lbrr;
    }

    /** Twelve harmonics of 150 Hz at a constant level: voice activity detection stays on throughout. */
    private static short[] steadyVowel(int length) {
        short[] pcm = new short[length];
        for (int i = 0; i < length; i++) {
            double voiced = 0;
            for (int harmonic = 1; harmonic <= 12; harmonic++) {
                voiced += Math.sin(2 * Math.PI * 150 * harmonic * i / RATE) / harmonic;
            }
            pcm[i] = (short) Math.round(6000 * voiced);
        }
        return pcm;
    }

    @Test
    void codedBytesLeaveOutHeadersLengthsAndPadding() {
        assertEquals(0, OpusPacket.codedBytes(new byte[] {toc(1, false, 0)}, 0, 1));
        assertEquals(3, OpusPacket.codedBytes(new byte[] {toc(1, false, 0), 1, 2, 3}, 0, 4));
        // Code 3, CBR, padded, two empty frames: libopus's DTX in a 120 ms CBR packet (117 bytes of padding).
        byte[] dtx = new byte[120];
        dtx[0] = toc(11, false, 3);
        dtx[1] = 0x42;
        dtx[2] = 117;
        assertEquals(0, OpusPacket.codedBytes(dtx, 0, dtx.length));
        // Code 3, VBR, padded: an empty first frame, then 4 bytes (a talk spurt starting in the second frame).
        byte[] onset = {toc(11, false, 3), (byte) 0xC2, 2, 0, 9, 9, 9, 9, 0, 0};
        assertEquals(4, OpusPacket.codedBytes(onset, 0, onset.length));
        assertEquals(OpusPacket.INVALID, OpusPacket.firstFrameOffset(onset, 0, onset.length), "its first frame is empty");
        // Malformed: padding longer than the packet, a coded length past the end.
        assertEquals(OpusPacket.INVALID, OpusPacket.codedBytes(new byte[] {toc(11, false, 3), 0x42, 100}, 0, 3));
        assertEquals(OpusPacket.INVALID, OpusPacket.codedBytes(new byte[] {toc(11, false, 2), (byte) 253}, 0, 2));
        assertEquals(OpusPacket.INVALID, OpusPacket.codedBytes(new byte[0], 0, 0));
    }
}
