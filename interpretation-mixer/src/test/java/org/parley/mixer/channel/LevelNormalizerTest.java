package org.parley.mixer.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LevelNormalizerTest {

    @Test
    void quietVoiceIsBroughtToTheTargetSlowly() {
        LevelNormalizer normalizer = new LevelNormalizer(-23f, 12f, 960, 48_000);
        Tone quiet = new Tone(1000, 0.025, 960); // RMS −35 dBFS, 12 dB under target
        float[] frame = null;
        for (int i = 0; i < 25; i++) {
            frame = quiet.nextFloats();
            normalizer.process(frame, frame.length);
        }
        assertTrue(normalizer.gainDb() > 1f && normalizer.gainDb() <= 3.001f, "at most 6 dB/s: " + normalizer.gainDb());
        for (int i = 0; i < 200; i++) {
            frame = quiet.nextFloats();
            normalizer.process(frame, frame.length);
        }
        assertEquals(-23f, Decibels.rmsDbfs(frame, frame.length), 0.2f);
    }

    @Test
    void loudVoiceIsCutAndSilenceDoesNotPumpTheGainUp() {
        LevelNormalizer normalizer = new LevelNormalizer(-23f, 12f, 960, 48_000);
        Tone loud = new Tone(1000, 0.4, 960); // RMS −11 dBFS
        for (int i = 0; i < 200; i++) {
            float[] frame = loud.nextFloats();
            normalizer.process(frame, frame.length);
        }
        assertEquals(-12f, normalizer.gainDb(), 0.01f);
        float[] silence = new float[960];
        for (int i = 0; i < 500; i++) {
            normalizer.process(silence, silence.length);
        }
        assertEquals(-12f, normalizer.gainDb(), 0.01f, "a pause freezes the gain");
    }

    @Test
    void zeroRangeDisablesNormalisation() {
        LevelNormalizer off = new LevelNormalizer(-23f, 0f, 960, 48_000);
        float[] frame = new Tone(1000, 0.5, 960).nextFloats();
        float[] copy = frame.clone();
        off.process(frame, frame.length);
        for (int i = 0; i < frame.length; i++) {
            assertEquals(copy[i], frame[i]);
        }
    }
}
