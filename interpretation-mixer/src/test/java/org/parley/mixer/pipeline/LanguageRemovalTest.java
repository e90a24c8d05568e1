package org.parley.mixer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.mixer.AudioAnalysis.goertzelPower;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.parley.mixer.AudioAnalysis;
import org.parley.mixer.booth.IncomingSource;
import org.parley.mixer.booth.RemovedBooth;
import org.parley.mixer.booth.RoutingException;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tick.MixSettings;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;
import org.parley.mixer.tier.TieredEncoder;

/** A language dropped from a running meeting: its encoders are freed and no booth is left relaying nothing. */
class LanguageRemovalTest {

    private static final int RATE = 48_000;
    private static final int WINDOW = 9600;
    private static final short[] FLOOR_TONE = AudioAnalysis.sine(440, 3277, RATE, 0, RATE);
    private static final short[] ENGLISH_TONE = AudioAnalysis.sine(1500, 3277, RATE, 0, RATE);

    @Test
    void removedLanguageClosesEveryOpusEncoderAndSendsNothingMore() {
        try (DecodingSink listener = new DecodingSink();
             MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(), listener)) {
            pipeline.addLanguage("fr");
            pipeline.addLanguage("de");
            for (Variant variant : Variant.values()) {
                for (Tier tier : TierSet.defaults().tiers()) {
                    pipeline.setListeners("de", variant, tier, 1);
                }
            }
            pipeline.setListeners("fr", Variant.MIXED, TierSet.STUDIO, 1);
            tick(pipeline, 30);
            TieredEncoder clean = pipeline.encoder("de", Variant.CLEAN);
            TieredEncoder mixed = pipeline.encoder("de", Variant.MIXED);
            assertTrue(mixed.isOpen(TierSet.LOW), "the German encoders run before the removal");
            long encodesBefore = pipeline.encodes(TierSet.STUDIO);
            int germanFrames = listener.timestamps("de", Variant.MIXED, TierSet.STUDIO).size();

            CompletableFuture<RemovedBooth> removal = pipeline.removeLanguage("de");
            assertNull(pipeline.encoder("de", Variant.MIXED), "gone for the control plane at once");
            assertFalse(pipeline.setListeners("de", Variant.MIXED, TierSet.STUDIO, 2));
            tick(pipeline, 30);

            assertEquals("de", removal.getNow(null).language());
            for (TieredEncoder encoder : List.of(clean, mixed)) {
                for (Tier tier : TierSet.defaults().tiers()) {
                    assertFalse(encoder.isOpen(tier), encoder.variant() + "/" + tier.name());
                    assertEquals(encoder.encodersOpened(tier), encoder.encodersClosed(tier),
                            encoder.variant() + "/" + tier.name() + ": every Opus encoder freed");
                }
            }
            assertTrue(germanFrames > 0);
            assertEquals(germanFrames, listener.timestamps("de", Variant.MIXED, TierSet.STUDIO).size(),
                    "no German frame after the removal");
            assertEquals(60, listener.timestamps("fr", Variant.MIXED, TierSet.STUDIO).size(), "French goes on");
            assertTrue(pipeline.encodes(TierSet.STUDIO) > encodesBefore, "the encode count never drops");
            assertNull(pipeline.mix().output("de", Variant.MIXED));
            assertNull(pipeline.removeLanguage("de").getNow(null), "a second removal changes nothing");
        }
    }

    @Test
    void boothRelayingTheRemovedChannelInterpretsTheFloorAtOnce() throws Exception {
        try (DecodingSink listener = new DecodingSink();
             MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(), listener)) {
            pipeline.addLanguage("en");
            pipeline.addLanguage("es");
            SourceInput chair = pipeline.addSource("chair");
            SourceInput english = pipeline.addSource("en-1");
            CompletableFuture<Object> routed = pipeline.control(mix -> {
                mix.addFloorSpeaker("chair");
                mix.addInterpreter("en", "en-1").micOn();
                try {
                    mix.booth("es").setIncoming(IncomingSource.relay("en"));
                } catch (RoutingException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
            try (OpusSender floor = OpusSender.clear(chair, 1, FLOOR_TONE);
                 OpusSender interpreter = OpusSender.clear(english, 2, ENGLISH_TONE)) {
                run(pipeline, floor, interpreter, 30);
                routed.get();
                short[] relayed = feedOf(pipeline, "es", floor, interpreter);
                assertTrue(db(relayed, 1500) - db(relayed, 440) > 30, "the Spanish booth hears English");

                CompletableFuture<RemovedBooth> removal = pipeline.removeLanguage("en");
                run(pipeline, floor, interpreter, 1);
                RemovedBooth removed = removal.getNow(null);
                assertNotNull(removed);
                assertEquals(List.of("en-1"), removed.interpreters());
                assertEquals(List.of("es"), removed.nowOnFloor());
                assertEquals(IncomingSource.FLOOR, pipeline.mix().booth("es").incoming());
                assertNull(pipeline.mix().booths().interpreter("en-1"), "the English microphone left the booths");
                assertFalse(pipeline.mix().isNeeded("en-1"), "and is no longer decoded");

                short[] fallback = feedOf(pipeline, "es", floor, interpreter);
                assertTrue(db(fallback, 440) - db(fallback, 1500) > 30, "the Spanish booth hears the floor");
                assertTrue(AudioAnalysis.rms(fallback, 0, fallback.length) > 1000, "not silence");
            }
        }
    }

    @Test
    void languageAddedAgainGetsAFreshBoothAndChannel() {
        try (DecodingSink listener = new DecodingSink();
             MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(), listener)) {
            pipeline.addLanguage("de");
            pipeline.control(mix -> mix.addInterpreter("de", "de-1").micOn());
            tick(pipeline, 2);
            pipeline.removeLanguage("de");
            assertTrue(pipeline.addLanguage("de"), "the language can come back");
            pipeline.setListeners("de", Variant.MIXED, TierSet.STANDARD, 1);
            tick(pipeline, 10);
            assertNotNull(pipeline.mix().booth("de"));
            assertTrue(pipeline.mix().booth("de").interpreters().isEmpty(), "its old interpreters do not come back");
            assertEquals(10, listener.timestamps("de", Variant.MIXED, TierSet.STANDARD).size());
        }
    }

    private static void tick(MeetingPipeline pipeline, int ticks) {
        for (int t = 0; t < ticks; t++) {
            pipeline.tick();
        }
    }

    private static void run(MeetingPipeline pipeline, OpusSender floor, OpusSender interpreter, int ticks) {
        for (int t = 0; t < ticks; t++) {
            floor.send(false);
            interpreter.send(false);
            pipeline.tick();
        }
    }

    /** What the booth of {@code language} hears over the next ten ticks (this thread ticks, so it may read the mix). */
    private static short[] feedOf(MeetingPipeline pipeline, String language, OpusSender floor, OpusSender interpreter) {
        short[] feed = new short[WINDOW];
        for (int at = 0; at < WINDOW; at += OpusSender.FRAME) {
            run(pipeline, floor, interpreter, 1);
            System.arraycopy(pipeline.mix().boothFeed(language), 0, feed, at, OpusSender.FRAME);
        }
        return feed;
    }

    private static double db(short[] pcm, double frequency) {
        return 10 * Math.log10(goertzelPower(pcm, 0, pcm.length, frequency, RATE) + 1e-9);
    }
}
