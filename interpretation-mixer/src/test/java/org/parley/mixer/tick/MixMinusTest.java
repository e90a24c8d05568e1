package org.parley.mixer.tick;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.mixer.channel.ChannelSettings;
import org.parley.mixer.channel.Goertzel;
import org.parley.mixer.channel.Tone;
import org.parley.mixer.channel.Variant;

/**
 * Mix-minus in the PCM mix: floor speaker A 440 Hz, floor speaker B 300 Hz, French interpreter
 * 1 kHz. A's mix-minus must hold no trace of A and be the ordinary mix in every other respect.
 */
class MixMinusTest {

    private static final int RATE = 48_000;
    private static final int WINDOW = 9600;

    /** A mix and what A's and the ordinary listener's streams carried, tick by tick. */
    private static final class Run {
        final MeetingMix mix;
        final Tone a;
        final Tone b = new Tone(300, 0.1, 960);
        final Tone interpreter = new Tone(1000, 0.1, 960);
        final List<MeetingMix.MixMinus> minus = new ArrayList<>();
        final List<float[]> minusPcm = new ArrayList<>();
        final List<float[]> ordinaryPcm = new ArrayList<>();
        final List<short[]> lastMinus = new ArrayList<>();
        final List<short[]> lastOrdinary = new ArrayList<>();

        Run(ChannelSettings channels, double aAmplitude, double bAmplitude, boolean interpreterLive) {
            this.mix = new MeetingMix(new MixSettings(FrameFormat.MS_20, channels));
            this.a = new Tone(440, aAmplitude, 960);
            mix.addLanguage("fr");
            mix.addLanguage("floor");
            mix.addFloorSpeaker("A");
            if (bAmplitude > 0) {
                mix.addFloorSpeaker("B");
            }
            bScale = bAmplitude;
            if (interpreterLive) {
                mix.addInterpreter("fr", "fr-1").micOn();
            }
        }

        private final double bScale;

        Run minusOf(String language, Variant variant) {
            minus.add(mix.addMixMinus("A", language, variant));
            minusPcm.add(new float[0]);
            ordinaryPcm.add(new float[0]);
            return this;
        }

        void run(int ticks, boolean aSpeaks) {
            Tone bTone = bScale > 0 ? new Tone(300, bScale, 960) : null;
            for (int t = 0; t < ticks; t++) {
                short[] aFrame = a.next();
                if (aSpeaks) {
                    mix.offer("A", aFrame);
                }
                if (bTone != null) {
                    mix.offer("B", bTone.next());
                }
                mix.offer("fr-1", interpreter.next());
                mix.tick();
                lastMinus.clear();
                lastOrdinary.clear();
                for (int s = 0; s < minus.size(); s++) {
                    MeetingMix.MixMinus stream = minus.get(s);
                    short[] own = stream.output();
                    short[] ordinary = mix.output(stream.language(), stream.variant());
                    minusPcm.set(s, append(minusPcm.get(s), own));
                    ordinaryPcm.set(s, append(ordinaryPcm.get(s), ordinary));
                    lastMinus.add(own.clone());
                    lastOrdinary.add(ordinary.clone());
                }
            }
        }

        private static float[] append(float[] all, short[] frame) {
            float[] grown = java.util.Arrays.copyOf(all, all.length + frame.length);
            for (int i = 0; i < frame.length; i++) {
                grown[all.length + i] = frame[i] / 32768f;
            }
            return grown;
        }
    }

    private static double amplitude(float[] recording, double frequency) {
        return Goertzel.amplitude(recording, recording.length - WINDOW, WINDOW, frequency, RATE);
    }

    @Test
    void theSpeakersToneIsGoneFromItsMixMinusAndEverythingElseIsAsMixed() {
        Run run = new Run(ChannelSettings.DEFAULTS, 0.1, 0.1, true)
                .minusOf("fr", Variant.MIXED).minusOf("floor", Variant.MIXED);
        run.run(100, true);
        for (int s = 0; s < 2; s++) {
            float[] own = run.minusPcm.get(s);
            float[] ordinary = run.ordinaryPcm.get(s);
            double heardByOthers = amplitude(ordinary, 440);
            double heardByA = amplitude(own, 440);
            assertTrue(heardByOthers > 0.005, "others hear A: " + heardByOthers);
            assertTrue(Goertzel.db(heardByA, heardByOthers) < -40,
                    "A's own 440 Hz " + Goertzel.db(heardByA, heardByOthers) + " dB under what others hear");
            assertEquals(amplitude(ordinary, 300), amplitude(own, 300), 1e-4, "B as mixed");
            assertEquals(amplitude(ordinary, 1000), amplitude(own, 1000), 1e-4, "the interpreter as mixed");
        }
    }

    @Test
    void aSilentSpeakersMixMinusIsTheOrdinaryMixSampleForSample() {
        Run run = new Run(ChannelSettings.DEFAULTS, 0.1, 0.1, true)
                .minusOf("fr", Variant.MIXED).minusOf("fr", Variant.CLEAN).minusOf("floor", Variant.MIXED);
        run.run(50, false);
        for (int s = 0; s < 3; s++) {
            assertArrayEquals(run.ordinaryPcm.get(s), run.minusPcm.get(s), 0f, "stream " + s);
        }
    }

    @Test
    void cleanUnderALiveInterpreterIsTheOrdinaryCleanAndCleanWithoutOneLosesTheSpeaker() {
        Run live = new Run(ChannelSettings.DEFAULTS, 0.1, 0.1, true).minusOf("fr", Variant.CLEAN);
        live.run(50, true);
        assertArrayEquals(live.lastOrdinary.get(0), live.lastMinus.get(0), "CLEAN carries no floor: nothing to remove");

        Run idle = new Run(ChannelSettings.DEFAULTS, 0.1, 0.1, false).minusOf("fr", Variant.CLEAN);
        idle.run(50, true);
        float[] ordinary = idle.ordinaryPcm.get(0);
        float[] own = idle.minusPcm.get(0);
        assertTrue(Goertzel.db(amplitude(own, 440), amplitude(ordinary, 440)) < -40,
                "idle CLEAN falls back to the floor, and A's mix-minus of it lacks A");
        assertEquals(amplitude(ordinary, 300), amplitude(own, 300), 1e-4);
    }

    /**
     * Without normalisation (which measures the whole floor), A's mix-minus must be the mix a
     * meeting without A makes, also when A and B together drive the floor into the soft clipper:
     * the subtraction is done before it, where it is exact.
     */
    @Test
    void withoutNormalisationTheMixMinusIsTheMixOfAMeetingWithoutTheSpeakerEvenWhenTheFloorClips() {
        ChannelSettings flat = ChannelSettings.DEFAULTS.withMaxNormalisationDb(0);
        Run withA = new Run(flat, 0.6, 0.6, true).minusOf("fr", Variant.MIXED).minusOf("floor", Variant.MIXED);
        Run withoutA = new Run(flat, 0.6, 0.6, true).minusOf("fr", Variant.MIXED).minusOf("floor", Variant.MIXED);
        withA.run(50, true);
        withoutA.run(50, false);
        for (int s = 0; s < 2; s++) {
            float[] own = withA.minusPcm.get(s);
            float[] reference = withoutA.ordinaryPcm.get(s);
            float worst = 0;
            for (int i = 0; i < own.length; i++) {
                worst = Math.max(worst, Math.abs(own[i] - reference[i]));
            }
            assertTrue(worst <= 1.5f / 32768, "at most one LSB from the mix without A, was " + worst * 32768);
        }
        // The ordinary floor did clip: subtracting A afterwards would have left a residue.
        float[] floorWithA = withA.ordinaryPcm.get(1);
        float peak = 0;
        for (float sample : floorWithA) {
            peak = Math.max(peak, Math.abs(sample));
        }
        assertTrue(peak > 0.7f, "the floor went past the soft clipper's knee: " + peak);
    }

    @Test
    void removedMixMinusLeavesTheMixAndAnIdleSpeakerLeavesNothingToRemove() {
        Run run = new Run(ChannelSettings.DEFAULTS, 0.1, 0.1, true).minusOf("fr", Variant.MIXED);
        run.mix.removeFloorSpeaker("A");
        run.run(20, true);
        assertArrayEquals(run.lastOrdinary.get(0), run.lastMinus.get(0), "A off the floor: its mix-minus is the mix");
        assertEquals(1, run.mix.mixMinusCount());
        assertTrue(run.mix.removeMixMinus(run.minus.get(0)));
        assertFalse(run.mix.removeMixMinus(run.minus.get(0)));
        assertEquals(0, run.mix.mixMinusCount());
    }
}
