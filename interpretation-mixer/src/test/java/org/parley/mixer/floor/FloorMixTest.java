package org.parley.mixer.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.parley.mixer.channel.Goertzel;
import org.parley.mixer.channel.SourceFrame;
import org.parley.mixer.channel.Tone;

class FloorMixTest {

    private static final int N = 960;

    @Test
    void sumsSpeakersAndMeasuresEachOnesLevel() {
        FloorMix floor = new FloorMix(N, 240);
        FloorSpeaker alice = floor.addSpeaker("alice");
        FloorSpeaker bob = floor.addSpeaker("bob");
        Tone a = new Tone(450, 0.2, N); // 9 whole cycles per frame, as 1 kHz has 20
        Tone b = new Tone(1000, 0.05, N);
        float[] mix = null;
        for (int tick = 0; tick < 3; tick++) {
            alice.frame().offer(a.next(), SourceFrame.NO_AUDIO_LEVEL);
            bob.frame().offer(b.next(), 30);
            mix = floor.mix();
        }
        assertEquals(-16.99f, alice.measuredDbfs(), 0.1f, "RMS of a 0.2 sine");
        assertTrue(Float.isNaN(alice.reportedDbov()));
        assertEquals(-29.03f, bob.measuredDbfs(), 0.1f);
        assertEquals(-30f, bob.reportedDbov(), "RFC 6464 level 30 = -30 dBov");
        assertEquals(-30f, bob.levelDb(), "the sender's level is preferred");
        assertSame(alice, floor.loudest());
        assertEquals(0.05, Goertzel.amplitude(mix, 0, N, 1000, 48_000), 0.001);
        assertEquals(0.2, Goertzel.amplitude(mix, 0, N, 450, 48_000), 0.001);
    }

    @Test
    void silentWhenNotOfferedAndSoftClipsSimultaneousFullScaleSpeakers() {
        FloorMix floor = new FloorMix(N, 240);
        FloorSpeaker a = floor.addSpeaker("a");
        FloorSpeaker b = floor.addSpeaker("b");
        Tone ta = new Tone(440, 1.0, N);
        Tone tb = new Tone(440, 1.0, N);
        float peak = 0;
        for (int tick = 0; tick < 5; tick++) {
            a.frame().offer(ta.next(), SourceFrame.NO_AUDIO_LEVEL);
            b.frame().offer(tb.next(), SourceFrame.NO_AUDIO_LEVEL);
            for (float s : floor.mix()) {
                peak = Math.max(peak, Math.abs(s));
            }
        }
        assertTrue(peak < 1f && peak > 0.8f, "two in-phase full-scale speakers saturate softly: " + peak);
        for (float s : floor.mix()) {
            assertEquals(0f, s, "no offer: silence");
        }
        assertEquals(-127f, a.measuredDbfs());
    }

    @Test
    void speakerLosingTheFloorFadesOutThenLeaves() {
        FloorMix floor = new FloorMix(N, 240);
        FloorSpeaker alice = floor.addSpeaker("alice");
        short[] dc = new short[N];
        java.util.Arrays.fill(dc, (short) 3277);
        alice.frame().offer(dc, SourceFrame.NO_AUDIO_LEVEL);
        float[] first = floor.mix();
        assertTrue(first[0] < 0.01f && Math.abs(first[N - 1] - 0.1f) < 1e-3, "fades in over 5 ms");
        assertTrue(floor.removeSpeaker("alice"));
        assertFalse(floor.removeSpeaker("alice"));
        assertSame(alice, floor.speaker("alice"), "still listed while fading");
        alice.frame().offer(dc, SourceFrame.NO_AUDIO_LEVEL);
        float[] last = floor.mix();
        assertTrue(last[0] > 0.099f && last[239] < 0.001f && last[N - 1] == 0f, "fades out over 5 ms");
        assertNull(floor.speaker("alice"));
        assertTrue(floor.speakers().isEmpty());
    }
}
