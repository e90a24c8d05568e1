package org.parley.mixer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.mixer.AudioAnalysis.goertzelPower;

import org.junit.jupiter.api.Test;
import org.parley.mixer.AudioAnalysis;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tick.MixSettings;
import org.parley.mixer.tier.EncodedFrameSink;
import org.parley.mixer.tier.MixMinusEncoder;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;

/**
 * Mix-minus through real libopus: floor speaker A (440 Hz) listens to French MIXED (or CLEAN),
 * another listener to the ordinary stream; a French interpreter (1 kHz) is live or not.
 */
class MixMinusPipelineTest {

    private static final int RATE = 48_000;
    private static final int WINDOW = 9600;
    private static final Tier STANDARD = TierSet.STANDARD;
    private static final short[] A_TONE = AudioAnalysis.sine(440, 3277, RATE, 0, RATE);
    private static final short[] INTERPRETER_TONE = AudioAnalysis.sine(1000, 3277, RATE, 0, RATE);
    private static final short[] SILENCE = new short[RATE];

    /** A meeting with speaker A and the French interpreter, A's mix-minus of fr/{variant} decoded as "minus/fr". */
    private static final class Meeting implements AutoCloseable {
        final DecodingSink listeners = new DecodingSink();
        final DecodingSink speaker = new DecodingSink();
        final MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(), listeners, 200,
                200);
        final MixMinusKey key;
        final OpusSender a;
        final OpusSender interpreter;

        Meeting(Variant variant, boolean aOnFloor, boolean interpreterLive, short[] aSignal) {
            pipeline.addLanguage("fr");
            SourceInput aInput = pipeline.addSource("A");
            SourceInput frInput = pipeline.addSource("fr-1");
            pipeline.control(mix -> {
                if (aOnFloor) {
                    mix.addFloorSpeaker("A");
                }
                var fr = mix.addInterpreter("fr", "fr-1");
                return interpreterLive ? fr.micOn() : null;
            });
            key = new MixMinusKey("A", "fr", variant);
            pipeline.setListeners("fr", variant, STANDARD, 1);
            EncodedFrameSink own = (language, v, tier, data, length, ts, duration) ->
                    speaker.onFrame("minus/" + language, v, tier, data, length, ts, duration);
            assertTrue(pipeline.setMixMinusListeners(key, STANDARD, 1, own));
            a = OpusSender.clear(aInput, 0x1111, aSignal);
            interpreter = OpusSender.clear(frInput, 0x2222, INTERPRETER_TONE);
        }

        void run(int ticks) {
            for (int t = 0; t < ticks; t++) {
                a.send(false);
                interpreter.send(false);
                pipeline.tick();
            }
        }

        MixMinusEncoder encoder() {
            return pipeline.mixMinusEncoder(key);
        }

        @Override
        public void close() {
            a.close();
            interpreter.close();
            pipeline.close();
            listeners.close();
            speaker.close();
        }
    }

    @Test
    void theSpeakerHearsTheInterpreterAndNotItselfWhileOthersHearBoth() {
        try (Meeting meeting = new Meeting(Variant.MIXED, true, true, A_TONE)) {
            meeting.run(100);
            short[] others = meeting.listeners.pcm("fr", Variant.MIXED, STANDARD);
            short[] own = meeting.speaker.pcm("minus/fr", Variant.MIXED, STANDARD);
            assertEquals(others.length, own.length, "one packet per frame on both streams");
            int at = own.length - WINDOW;
            double othersA = goertzelPower(others, at, WINDOW, 440, RATE);
            double ownA = goertzelPower(own, at, WINDOW, 440, RATE);
            double othersInterpreter = goertzelPower(others, at, WINDOW, 1000, RATE);
            double ownInterpreter = goertzelPower(own, at, WINDOW, 1000, RATE);
            assertEquals(-15, 10 * Math.log10(othersA / othersInterpreter), 2, "others: floor 15 dB under");
            assertTrue(10 * Math.log10(ownA / othersA) < -40, "A's own voice " + 10 * Math.log10(ownA / othersA)
                    + " dB under what others hear");
            assertEquals(10 * Math.log10(othersInterpreter), 10 * Math.log10(ownInterpreter), 1, "same interpreter");
            MixMinusEncoder encoder = meeting.encoder();
            assertTrue(encoder.encodes(STANDARD) > 90, "encoded its own frames: " + encoder.encodes(STANDARD));
            assertEquals(1, meeting.pipeline.mixMinusEncoding());
            assertEquals(encoder.encodes(STANDARD), meeting.pipeline.mixMinusEncodes(STANDARD));

            // A leaves: after the grace period its encoders are closed and the stream leaves the mix.
            meeting.pipeline.setMixMinusListeners(meeting.key, STANDARD, 0, (l, v, t, d, n, ts, du) -> { });
            meeting.run(20);
            assertFalse(encoder.isOpen(STANDARD));
            assertEquals(encoder.encodersOpened(STANDARD), encoder.encodersClosed(STANDARD), "opened == closed");
            assertNull(meeting.encoder(), "dropped from the mix");
            assertEquals(0, meeting.pipeline.mixMinusStreams());
            assertTrue(meeting.pipeline.mixMinusEncodes(STANDARD) > 90, "the totals keep dropped streams' encodes");
        }
    }

    @Test
    void noOwnEncoderWhileTheSpeakerIsOffTheFloorOrSilent() {
        for (boolean onFloor : new boolean[] {false, true}) {
            try (Meeting meeting = new Meeting(Variant.MIXED, onFloor, true, onFloor ? SILENCE : A_TONE)) {
                meeting.run(50);
                MixMinusEncoder encoder = meeting.encoder();
                assertEquals(0, encoder.encodersOpened(STANDARD), "on the floor: " + onFloor);
                assertEquals(0, encoder.encodes(STANDARD));
                assertTrue(encoder.framesRelayed(STANDARD) >= 45, "carries the ordinary packets");
                assertEquals(0, meeting.pipeline.mixMinusEncoding());
                short[] others = meeting.listeners.pcm("fr", Variant.MIXED, STANDARD);
                short[] own = meeting.speaker.pcm("minus/fr", Variant.MIXED, STANDARD);
                assertEquals(java.util.Arrays.toString(others), java.util.Arrays.toString(own), "the same stream");
            }
        }
    }

    @Test
    void cleanUnderALiveInterpreterNeedsNoEncoderButIdleCleanFallsBackToTheFloorWithoutTheSpeaker() {
        try (Meeting live = new Meeting(Variant.CLEAN, true, true, A_TONE)) {
            live.run(50);
            MixMinusEncoder encoder = live.encoder();
            // Only the first frame, where the interpreter's channel ramps from idle (the floor) to live, needs one.
            assertTrue(encoder.encodes(STANDARD) <= 1, "own encodes: " + encoder.encodes(STANDARD));
            assertFalse(encoder.isOpen(STANDARD), "no encoder while CLEAN carries no floor");
            assertEquals(encoder.encodersOpened(STANDARD), encoder.encodersClosed(STANDARD));
            assertTrue(encoder.framesRelayed(STANDARD) >= 45);
        }
        try (Meeting idle = new Meeting(Variant.CLEAN, true, false, A_TONE)) {
            idle.run(100);
            short[] others = idle.listeners.pcm("fr", Variant.CLEAN, STANDARD);
            short[] own = idle.speaker.pcm("minus/fr", Variant.CLEAN, STANDARD);
            int at = own.length - WINDOW;
            double othersA = goertzelPower(others, at, WINDOW, 440, RATE);
            double ownA = goertzelPower(own, at, WINDOW, 440, RATE);
            assertTrue(10 * Math.log10(ownA / othersA) < -40, "idle CLEAN is the floor; A's is the floor without A");
            assertEquals(1, idle.encoder().encodersOpened(STANDARD));
        }
    }

    @Test
    void aSpeakerWhoFallsSilentGoesBackToTheOrdinaryStreamAndClosesItsEncoder() {
        short[] speaksThenSilent = new short[RATE];
        System.arraycopy(A_TONE, 0, speaksThenSilent, 0, RATE / 4); // 250 ms of tone, then silence
        try (Meeting meeting = new Meeting(Variant.MIXED, true, true, speaksThenSilent)) {
            meeting.run(45); // < 1 s: the sender's signal does not wrap
            MixMinusEncoder encoder = meeting.encoder();
            assertEquals(1, encoder.encodersOpened(STANDARD));
            assertEquals(1, encoder.encodersClosed(STANDARD), "closed after the 200 ms grace of relaying");
            assertTrue(encoder.framesRelayed(STANDARD) > 10);
        }
    }
}
