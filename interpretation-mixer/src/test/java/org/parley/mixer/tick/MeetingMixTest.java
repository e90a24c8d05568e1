package org.parley.mixer.tick;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.parley.mixer.booth.IncomingSource;
import org.parley.mixer.booth.Interpreter;
import org.parley.mixer.booth.MicResult;
import org.parley.mixer.booth.RoutingException;
import org.parley.mixer.channel.ChannelSettings;
import org.parley.mixer.channel.Decibels;
import org.parley.mixer.channel.Goertzel;
import org.parley.mixer.channel.IdleFallback;
import org.parley.mixer.channel.Variant;

/**
 * End-to-end tick tests with synthetic voices: floor 440 Hz, French interpreters 1 kHz / 1.5 kHz,
 * English 1.5 kHz, Chinese 2 kHz, all at amplitude 0.1 (−23 dBFS RMS, the normalisation target).
 * Goertzel windows are multiples of 2400 samples, which hold whole cycles of every test tone.
 */
class MeetingMixTest {

    private static final int RATE = 48_000;
    private static final double A = 0.1;
    private static final int WINDOW = 9600;

    private static MixRig rig(int frameMillis, ChannelSettings channels) {
        MixRig rig = new MixRig(new MixSettings(new FrameFormat(frameMillis), channels));
        rig.mix.addFloorSpeaker("chair");
        rig.tone("chair", 440, A);
        return rig;
    }

    private static double amplitude(float[] recording, double frequency) {
        return Goertzel.amplitude(recording, recording.length - WINDOW, WINDOW, frequency, RATE);
    }

    @ParameterizedTest(name = "{0} ms frames")
    @ValueSource(ints = {20, 10})
    void mixedCarriesTheInterpreterOverTheFloor15DbDownAndCleanTheInterpreterOnly(int frameMillis) {
        MixRig rig = rig(frameMillis, ChannelSettings.DEFAULTS);
        Interpreter fr1 = rig.mix.addInterpreter(lang("fr", rig), "fr-1");
        rig.tone("fr-1", 1000, A).record("fr", Variant.MIXED).record("fr", Variant.CLEAN);
        assertEquals(MicResult.Status.GRANTED, fr1.micOn().status());
        rig.run(1000);

        float[] mixed = rig.recording("fr", Variant.MIXED);
        assertEquals(A, amplitude(mixed, 1000), A * 0.05);
        assertEquals(-15.0, Goertzel.db(amplitude(mixed, 440), amplitude(mixed, 1000)), 1.0);

        float[] clean = rig.recording("fr", Variant.CLEAN);
        assertEquals(A, amplitude(clean, 1000), A * 0.05);
        assertTrue(Goertzel.db(amplitude(clean, 440), amplitude(clean, 1000)) < -50, "no floor in CLEAN");
    }

    @Test
    void idleChannelCarriesTheFloorOrSilenceWhenConfigured() {
        for (IdleFallback fallback : IdleFallback.values()) {
            MixRig rig = rig(20, ChannelSettings.DEFAULTS.withIdleFallback(fallback));
            lang("es", rig);
            rig.mix.addInterpreter("es", "es-1"); // present but not live
            rig.tone("es-1", 1000, A).record("es", Variant.CLEAN).record("es", Variant.MIXED);
            rig.run(500);
            float[] mixed = rig.recording("es", Variant.MIXED);
            assertEquals(A, amplitude(mixed, 440), A * 0.05, "MIXED idle: the floor at full level");
            assertTrue(amplitude(mixed, 1000) < A * 1e-3, "an interpreter who is not live is not heard");
            float[] clean = rig.recording("es", Variant.CLEAN);
            if (fallback == IdleFallback.FLOOR) {
                assertEquals(A, amplitude(clean, 440), A * 0.05, fallback.name());
            } else {
                assertTrue(Decibels.rmsDbfs(clean, clean.length) < -90, fallback.name());
            }
        }
    }

    @ParameterizedTest(name = "{0} ms frames")
    @ValueSource(ints = {20, 10})
    void handoverLeavesNoGapAndNeverBothVoicesAtFullLevel(int frameMillis) {
        MixRig rig = rig(frameMillis, ChannelSettings.DEFAULTS);
        lang("fr", rig);
        Interpreter fr1 = rig.mix.addInterpreter("fr", "fr-1");
        Interpreter fr2 = rig.mix.addInterpreter("fr", "fr-2");
        rig.tone("fr-1", 1000, A).tone("fr-2", 1500, A).record("fr", Variant.CLEAN);
        fr1.micOn();
        rig.run(500);
        int switchAt = rig.position();
        assertEquals(MicResult.Status.HANDOVER_REQUESTED, rig.mix.booth("fr").requestHandover(fr1, fr2).status());
        assertEquals(MicResult.Status.HANDED_OVER, rig.mix.booth("fr").acceptHandover(fr2).status());
        rig.run(300);
        float[] clean = rig.recording("fr", Variant.CLEAN);

        // 2 ms blocks hold whole cycles of both voices, so each block separates them exactly.
        int block = 96;
        for (int start = switchAt - 20 * block; start < switchAt + 20 * block; start += block) {
            double first = Goertzel.amplitude(clean, start, block, 1000, RATE);
            double second = Goertzel.amplitude(clean, start, block, 1500, RATE);
            String at = "block at " + (start - switchAt) + " samples from the switch";
            assertTrue(first * first + second * second > 0.7 * A * A, "no gap: " + at);
            assertFalse(first > 0.9 * A && second > 0.9 * A, "never both at full level: " + at);
            if (start < switchAt) {
                assertTrue(first > 0.95 * A && second < 0.01 * A, "the switch waits for the frame boundary: " + at);
            } else if (start >= switchAt + 240) {
                assertTrue(second > 0.95 * A && first < 0.01 * A, "done within 5 ms: " + at);
            }
        }
        // Sample-wise: the short-term energy (2 ms windows, where the two voices are orthogonal) is
        // steady across the switch: no dip (gap) and no bulge (both voices up).
        double steady = A * A / 2;
        for (int start = 4800; start + block <= clean.length; start += 12) {
            double energy = 0;
            for (int i = start; i < start + block; i++) {
                energy += clean[i] * clean[i];
            }
            energy /= block;
            assertTrue(energy > 0.8 * steady && energy < 1.2 * steady,
                    "1 ms energy " + energy / steady + " of steady at sample " + start);
        }
        assertFalse(rig.mix.isNeeded("fr-1"), "fr-1 faded out: no longer decoded");
        assertTrue(rig.mix.isNeeded("fr-2"));
    }

    @Test
    void interlockRefusesASecondLiveMicrophoneAndItIsNotHeard() {
        MixRig rig = rig(20, ChannelSettings.DEFAULTS);
        lang("fr", rig);
        Interpreter fr1 = rig.mix.addInterpreter("fr", "fr-1");
        Interpreter fr2 = rig.mix.addInterpreter("fr", "fr-2");
        rig.tone("fr-1", 1000, A).tone("fr-2", 1500, A).record("fr", Variant.CLEAN);
        fr1.micOn();
        MicResult refused = fr2.micOn();
        assertEquals(MicResult.Status.REFUSED_CHANNEL_BUSY, refused.status());
        assertTrue(refused.message().contains("fr-1"), refused.message());
        rig.run(500);
        assertEquals(List.of("chair", "fr-1"), rig.mix.neededSources(), "only floor speakers and live mics");
        float[] clean = rig.recording("fr", Variant.CLEAN);
        assertTrue(amplitude(clean, 1500) < A * 1e-3);
        assertEquals(A, amplitude(clean, 1000), A * 0.05);
    }

    @Test
    void coughMutesTheMicrophoneWithoutAClickAndReleasingRestoresIt() {
        MixRig rig = rig(20, ChannelSettings.DEFAULTS);
        lang("fr", rig);
        Interpreter fr1 = rig.mix.addInterpreter("fr", "fr-1");
        rig.tone("fr-1", 1000, A).record("fr", Variant.CLEAN).record("fr", Variant.MIXED);
        fr1.micOn();
        rig.run(500);
        int coughAt = rig.position();
        fr1.cough(true);
        rig.run(300);
        float[] muted = rig.recording("fr", Variant.CLEAN);
        assertTrue(amplitude(muted, 1000) < A * 1e-3, "muted while held");
        float[] lastWindow = Arrays.copyOfRange(muted, muted.length - WINDOW, muted.length);
        assertTrue(Decibels.rmsDbfs(lastWindow, WINDOW) < -80, "CLEAN stays quiet: no floor burst");
        float[] mixed = rig.recording("fr", Variant.MIXED);
        assertEquals(-15, Goertzel.db(amplitude(mixed, 440), A), 1, "MIXED keeps the floor ducked");

        // The ramp is smooth: no sample step larger than the tone's own steepest slope.
        double toneSlope = 2 * Math.PI * 1000 / RATE * A;
        for (int i = coughAt - 960; i < coughAt + 960; i++) {
            assertTrue(Math.abs(muted[i] - muted[i - 1]) < 1.3 * toneSlope, "click at " + (i - coughAt));
        }
        fr1.cough(false);
        rig.run(300);
        assertEquals(A, amplitude(rig.recording("fr", Variant.CLEAN), 1000), A * 0.05);
    }

    @Test
    void relayingBoothHearsTheRelayedChannelInTheSameTick() throws RoutingException {
        MixRig rig = rig(20, ChannelSettings.DEFAULTS);
        // Added before English on purpose: insertion order would deliver last tick's English.
        lang("es", rig);
        lang("ar", rig);
        lang("en", rig);
        lang("fr", rig);
        rig.mix.booth("ar").setIncoming(IncomingSource.relay("en"));
        rig.mix.booth("es").setIncoming(IncomingSource.relay("ar")); // chain en → ar → es
        Interpreter en1 = rig.mix.addInterpreter("en", "en-1");
        Interpreter ar1 = rig.mix.addInterpreter("ar", "ar-1");
        rig.tone("en-1", 1500, A).tone("ar-1", 2000, A);
        en1.micOn();
        ar1.micOn();
        float[] feed = new float[5 * 960];
        for (int t = 0; t < 5; t++) {
            rig.tick();
            assertArrayEquals(rig.mix.output("en", Variant.CLEAN), rig.mix.boothFeed("ar"), "tick " + t);
            assertArrayEquals(rig.mix.output("ar", Variant.CLEAN), rig.mix.boothFeed("es"), "tick " + t);
            assertArrayEquals(rig.mix.floor(), rig.mix.boothFeed("fr"), "tick " + t);
            short[] pcm = rig.mix.boothFeed("ar");
            for (int i = 0; i < 960; i++) {
                feed[t * 960 + i] = pcm[i] / 32768f;
            }
        }
        // English starts in the first tick (after a 5 ms ramp-in): 1.5 kHz is there from tick 0.
        assertTrue(Goertzel.amplitude(feed, 480, 480, 1500, RATE) > 0.9 * A, "the first tick already carries English");
        assertEquals(A, Goertzel.amplitude(feed, 2400, 2400, 1500, RATE), A * 0.05);
        assertNull(rig.mix.boothFeed("de"));
    }

    @Test
    void retourPutsTheChineseBoothOnTheEnglishChannel() throws RoutingException {
        MixRig rig = rig(20, ChannelSettings.DEFAULTS);
        lang("en", rig);
        lang("zh", rig);
        rig.mix.addInterpreter("en", "en-1");
        Interpreter zh1 = rig.mix.addInterpreter("zh", "zh-1");
        rig.tone("zh-1", 2000, A).record("en", Variant.CLEAN).record("zh", Variant.CLEAN);
        rig.mix.booth("zh").setOutgoing("en");
        assertEquals(MicResult.Status.GRANTED, zh1.micOn().status());
        assertEquals(MicResult.Status.REFUSED_CHANNEL_BUSY, rig.mix.booths().interpreter("en-1").micOn().status());
        rig.run(500);
        float[] en = rig.recording("en", Variant.CLEAN);
        assertEquals(A, amplitude(en, 2000), A * 0.05);
        assertTrue(Goertzel.db(amplitude(en, 440), A) < -50);
        float[] zh = rig.recording("zh", Variant.CLEAN);
        assertEquals(A, amplitude(zh, 440), A * 0.05, "the Chinese channel, idle, carries the floor");
        assertTrue(amplitude(zh, 2000) < A * 1e-3);
    }

    @Test
    void overloadNeverReachesFullScale() {
        MixRig rig = rig(20, ChannelSettings.DEFAULTS.withMaxNormalisationDb(0f));
        rig.mix.addFloorSpeaker("delegate");
        lang("fr", rig);
        Interpreter fr1 = rig.mix.addInterpreter("fr", "fr-1");
        // Two full-scale floor speakers in phase (+6 dB) under a full-scale interpreter.
        rig.tone("chair", 440, 1.0).tone("delegate", 440, 1.0).tone("fr-1", 1000, 1.0)
                .record("fr", Variant.MIXED).record("fr", Variant.CLEAN);
        fr1.micOn();
        rig.run(300);
        int ceiling = Math.round(Decibels.toGain(-1f) * 32768);
        for (Variant variant : Variant.values()) {
            float[] out = rig.recording("fr", variant);
            float peak = 0;
            for (float s : out) {
                peak = Math.max(peak, Math.abs(s));
            }
            assertTrue(peak * 32768 <= ceiling + 1, variant + " peak " + peak);
        }
    }

    @Test
    void neededSourcesFollowTheFloorAndLiveMicrophones() {
        MixRig rig = rig(20, ChannelSettings.DEFAULTS);
        lang("fr", rig);
        Interpreter fr1 = rig.mix.addInterpreter("fr", "fr-1");
        rig.tone("fr-1", 1000, A);
        assertEquals(List.of("chair"), rig.mix.neededSources());
        fr1.micOn();
        rig.run(40);
        assertEquals(List.of("chair", "fr-1"), rig.mix.neededSources());
        fr1.micOff();
        assertTrue(rig.mix.isNeeded("fr-1"), "still needed for the fade-out");
        rig.mix.removeFloorSpeaker("chair");
        rig.tick();
        assertEquals(List.of(), rig.mix.neededSources());
        assertFalse(rig.mix.offer("chair", new short[960]), "a speaker who left is no source any more");
        assertFalse(rig.mix.offer("fr-1", new short[480]), "a frame of the wrong length is refused");
        assertSame(null, rig.mix.output("xx", Variant.CLEAN));
    }

    private static String lang(String language, MixRig rig) {
        rig.mix.addLanguage(language);
        return language;
    }
}
