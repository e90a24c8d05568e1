package org.parley.mixer.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.OpusPacket;

/**
 * The {@code standard} tier runs at complexity 3 and {@code low} at 1, not 5, to save encoding
 * time (see bench/README.md). This checks that listeners lose nothing measurable: on a voiced
 * signal the decoded SNR is within 0.5 dB of complexity 5's, and as many packets carry in-band
 * FEC (none at 12 kbit/s, whatever the complexity).
 */
class TierComplexityTest {

    private static final int RATE = 48_000;

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({"standard, 3", "low, 1"})
    void theTiersComplexityDecodesAsWellAsFiveAndKeepsFec(String name, int complexity) throws OpusException {
        Tier tier = TierSet.defaults().get(name);
        assertEquals(complexity, tier.complexity());
        short[] voice = voiced(5 * RATE);
        Result atTier = encodeAndDecode(tier, complexity, voice);
        Result atFive = encodeAndDecode(tier, 5, voice);
        assertTrue(atTier.snr > atFive.snr - 0.5, name + ": " + atTier.snr + " dB at " + complexity + " against " + atFive.snr
                + " dB at 5");
        // At 12 kbit/s wideband libopus affords no LBRR at either complexity; at 24 it must at both.
        assertTrue(atTier.packetsWithFec >= 0.9 * atFive.packetsWithFec,
                name + ": FEC in " + atTier.packetsWithFec + " packets at " + complexity + ", " + atFive.packetsWithFec + " at 5");
        if (tier.bitrate() >= 16_000) {
            assertTrue(atTier.packetsWithFec > atTier.packets / 2, name + ": FEC at " + complexity + " in " + atTier.packetsWithFec
                    + " of " + atTier.packets);
        }
    }

    /** A voiced signal without noise (noise is not waveform-coded): gliding pitch, 4 Hz syllables. */
    private static short[] voiced(int length) {
        short[] pcm = new short[length];
        double phase = 0;
        for (int i = 0; i < length; i++) {
            double t = (double) i / RATE;
            phase += 2 * Math.PI * (140 + 40 * Math.sin(2 * Math.PI * 0.7 * t)) / RATE;
            double harmonics = 0;
            for (int h = 1; h <= 12; h++) {
                harmonics += Math.sin(h * phase) / h;
            }
            pcm[i] = (short) (5000 * (0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t)) * harmonics);
        }
        return pcm;
    }

    private record Result(double snr, int packets, int packetsWithFec) {
    }

    /** SNR of the decoded signal against the source, at the best alignment around the codec delay. */
    private static Result encodeAndDecode(Tier tier, int complexity, short[] voice) throws OpusException {
        int n = tier.frameSamples48k();
        short[] decoded = new short[voice.length];
        int withFec = 0;
        int packets = 0;
        int delay;
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, tier.application());
             OpusDecoder decoder = OpusDecoder.create(RATE, 1)) {
            encoder.setBitrate(tier.bitrate());
            encoder.setVbr(tier.vbr());
            encoder.setBandwidth(tier.bandwidth());
            encoder.setComplexity(complexity);
            encoder.setInbandFec(tier.fec());
            encoder.setPacketLossPercent(tier.expectedLossPercent());
            byte[] packet = new byte[TierEncoder.MAX_PAYLOAD_BYTES];
            for (int at = 0; at + n <= voice.length; at += n) {
                int length = encoder.encode(voice, at, n, packet, 0, packet.length);
                decoder.decode(packet, 0, length, decoded, at, n, false);
                packets++;
                if (OpusPacket.hasLbrr(packet, 0, length)) {
                    withFec++;
                }
            }
            delay = encoder.lookahead();
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int lag = delay - 20; lag <= delay + 20; lag++) {
            double signal = 0;
            double error = 0;
            for (int i = RATE; i < voice.length - n - 40; i++) {
                double x = voice[i];
                double e = x - decoded[i + lag];
                signal += x * x;
                error += e * e;
            }
            best = Math.max(best, 10 * Math.log10(signal / error));
        }
        return new Result(best, packets, withFec);
    }
}
