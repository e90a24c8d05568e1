package org.parley.mixer.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LanguageChannelTest {

    private static final int N = 960;

    @Test
    void goingLiveSwapsFloorForVoiceWithoutAJump() {
        LanguageChannel channel = new LanguageChannel("fr", N, 48_000,
                ChannelSettings.DEFAULTS.withMaxNormalisationDb(0f), 240);
        // DC floor and DC voice make any hard switch a visible step.
        float[] floor = new float[N];
        java.util.Arrays.fill(floor, 0.1f);
        channel.render(floor, false);
        assertEquals(Math.round(0.1f * 32768), channel.output(Variant.CLEAN)[N - 1]);
        java.util.Arrays.fill(channel.voiceBus(), 0.1f);
        channel.render(floor, true);
        short[] clean = channel.output(Variant.CLEAN);
        int maxStep = 0;
        for (int i = 1; i < N; i++) {
            maxStep = Math.max(maxStep, Math.abs(clean[i] - clean[i - 1]));
        }
        // An equal-power crossfade of equal DC levels bulges by at most 41 %, spread over 240 samples.
        assertTrue(maxStep < 40, "largest step " + maxStep);
        short[] mixed = channel.output(Variant.MIXED);
        float expectedMixed = 0.1f + 0.1f * Decibels.toGain(-15f);
        assertEquals(expectedMixed * 32768, mixed[N - 1], 2, "voice plus the floor 15 dB down");
    }

    @Test
    void silenceFallbackKeepsIdleCleanSilentButMixedCarriesTheFloor() {
        LanguageChannel channel = new LanguageChannel("fr", N, 48_000,
                ChannelSettings.DEFAULTS.withIdleFallback(IdleFallback.SILENCE), 240);
        float[] floor = new Tone(440, 0.1, N).nextFloats();
        channel.render(floor, false);
        for (short s : channel.output(Variant.CLEAN)) {
            assertEquals(0, s);
        }
        assertEquals(Math.round(floor[100] * 32768), channel.output(Variant.MIXED)[100], 1);
    }
}
