package org.parley.mixer.tier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.mixer.measure.VoicedSignal;
import org.parley.mixer.opus.Bandwidth;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.opus.OpusPacket;
import org.parley.mixer.opus.RateMode;

/**
 * The {@code standard} tier runs constrained VBR at complexity 2 to save encoding time (see
 * bench/README.md); it was CBR at complexity 3. This checks that listeners lose nothing
 * measurable: on a voiced signal the decoded SNR is within 0.5 dB of the old setting's, at least
 * as many packets carry in-band FEC, and the bitrate stays within 15 % of the tier's.
 */
class TierComplexityTest {

    private static final int RATE = 48_000;
    private static final int SECONDS = 5;

    @ParameterizedTest(name = "{0} against CBR at complexity {1}")
    @CsvSource("standard, 3")
    void theTiersSettingsDecodeAsWellAsTheOldOnesAndKeepFec(String name, int oldComplexity) throws OpusException {
        Tier tier = TierSet.defaults().get(name);
        short[] voice = VoicedSignal.of(SECONDS * RATE);
        Result now = encodeAndDecode(tier, tier.rateMode(), tier.complexity(), voice);
        Result old = encodeAndDecode(tier, RateMode.CBR, oldComplexity, voice);
        assertTrue(now.snr > old.snr - 0.5, name + ": " + now.snr + " dB against " + old.snr + " dB before");
        assertTrue(now.packetsWithFec >= 0.9 * old.packetsWithFec,
                name + ": FEC in " + now.packetsWithFec + " packets, " + old.packetsWithFec + " before");
        assertTrue(now.packetsWithFec > now.packets / 2, name + ": FEC in " + now.packetsWithFec + " of " + now.packets);
        assertEquals(tier.bitrate(), now.bitrate(), 0.15 * tier.bitrate(), name + " bitrate");
    }

    /**
     * Below complexity 2 libopus 1.3 keeps LBRR in VBR only by coding mediumband, so a wideband tier
     * with FEC needs complexity 2 or more (and in CBR it drops the LBRR instead).
     */
    @ParameterizedTest(name = "complexity {0}")
    @CsvSource({"1, MEDIUMBAND", "2, WIDEBAND"})
    void wideBandWithFecNeedsComplexityTwo(int complexity, Bandwidth expected) throws OpusException {
        Result result = encodeAndDecode(TierSet.STANDARD, RateMode.CVBR, complexity, VoicedSignal.of(2 * RATE));
        assertEquals(expected, result.lastBandwidth);
        assertTrue(result.packetsWithFec > result.packets / 2, result.packetsWithFec + " packets with FEC");
    }

    private record Result(double snr, int packets, int packetsWithFec, long bytes, double seconds, Bandwidth lastBandwidth) {
        double bitrate() {
            return bytes * 8 / seconds;
        }
    }

    /** SNR of the decoded signal against the source, at the best alignment around the codec delay. */
    private static Result encodeAndDecode(Tier tier, RateMode rateMode, int complexity, short[] voice)
            throws OpusException {
        int n = tier.frameSamples48k();
        short[] decoded = new short[voice.length];
        int withFec = 0;
        int packets = 0;
        long bytes = 0;
        int delay;
        Bandwidth lastBandwidth = null;
        try (OpusEncoder encoder = OpusEncoder.create(RATE, 1, tier.application());
             OpusDecoder decoder = OpusDecoder.create(RATE, 1)) {
            encoder.setBitrate(tier.bitrate());
            encoder.setRateMode(rateMode);
            encoder.setBandwidth(tier.bandwidth());
            encoder.setComplexity(complexity);
            encoder.setInbandFec(tier.fec());
            encoder.setPacketLossPercent(tier.expectedLossPercent());
            byte[] packet = new byte[TierEncoder.MAX_PAYLOAD_BYTES];
            for (int at = 0; at + n <= voice.length; at += n) {
                int length = encoder.encode(voice, at, n, packet, 0, packet.length);
                decoder.decode(packet, 0, length, decoded, at, n, false);
                packets++;
                bytes += length;
                lastBandwidth = OpusPacket.bandwidth(packet[0]);
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
        return new Result(best, packets, withFec, bytes, (double) packets * n / RATE, lastBandwidth);
    }
}
