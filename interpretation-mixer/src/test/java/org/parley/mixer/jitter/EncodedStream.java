package org.parley.mixer.jitter;

import java.util.Arrays;
import org.parley.mixer.AudioAnalysis;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.Signal;

/** Opus packets of speech-like audio, with the encoder's final range after each one. */
final class EncodedStream {

    final int frameMillis;
    final byte[][] packets;
    final int[] finalRanges;

    private EncodedStream(int frameMillis, byte[][] packets, int[] finalRanges) {
        this.frameMillis = frameMillis;
        this.packets = packets;
        this.finalRanges = finalRanges;
    }

    /** 48 kHz mono VOIP at 24 kbit/s, in-band FEC on or off. */
    static EncodedStream speech(int count, int frameMillis, boolean fec) {
        return encode(AudioAnalysis.speechLike(count * 48 * frameMillis), count, frameMillis, fec);
    }

    /** A continuous 440 Hz sine at half scale, encoded as {@link #speech} encodes speech. */
    static EncodedStream tone(int count, int frameMillis, boolean fec) {
        return encode(AudioAnalysis.sine(440, 16_000, 48_000, 0, count * 48 * frameMillis), count, frameMillis, fec);
    }

    private static EncodedStream encode(short[] pcm, int count, int frameMillis, boolean fec) {
        int frame = 48 * frameMillis;
        byte[][] packets = new byte[count][];
        int[] ranges = new int[count];
        byte[] packet = new byte[OpusEncoder.MAX_PACKET_BYTES];
        try (OpusEncoder encoder = OpusEncoder.create(48_000, 1, Application.VOIP)) {
            encoder.setBitrate(24_000);
            encoder.setSignal(Signal.VOICE);
            encoder.setInbandFec(fec);
            encoder.setPacketLossPercent(fec ? 10 : 0);
            for (int i = 0; i < count; i++) {
                int length = encoder.encode(pcm, i * frame, frame, packet, 0, packet.length);
                packets[i] = Arrays.copyOf(packet, length);
                ranges[i] = encoder.finalRange();
            }
        } catch (OpusException e) {
            throw new AssertionError(e);
        }
        return new EncodedStream(frameMillis, packets, ranges);
    }

    long timestamp(int index) {
        return (long) index * 48 * frameMillis;
    }
}
