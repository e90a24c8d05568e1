package org.parley.mixer.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.mixer.AudioAnalysis.goertzelPower;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.parley.mixer.AudioAnalysis;
import org.parley.mixer.booth.MicResult;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.jitter.JitterBuffer;
import org.parley.mixer.tick.FrameFormat;
import org.parley.mixer.tick.MixSettings;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;

/** The whole path with real libopus: Opus RTP payloads in, the channels' tiered Opus streams out. */
class MeetingPipelineTest {

    private static final int RATE = 48_000;
    private static final Tier STUDIO = TierSet.STUDIO;
    /** 9600 samples hold whole cycles of 440 Hz and 1 kHz (both divide 48000 / 9600 = 5 Hz). */
    private static final int WINDOW = 9600;
    private static final short[] FLOOR_TONE = AudioAnalysis.sine(440, 3277, RATE, 0, RATE);
    private static final short[] INTERPRETER_TONE = AudioAnalysis.sine(1000, 3277, RATE, 0, RATE);

    @Test
    void frenchMixedCarriesTheFloor15DbUnderTheInterpreterAndCleanOnlyTheInterpreter() throws Exception {
        try (DecodingSink listener = new DecodingSink();
             MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(), listener)) {
            pipeline.addLanguage("fr");
            SourceInput chair = pipeline.addSource("chair");
            SourceInput interpreter = pipeline.addSource("fr-1");
            var granted = pipeline.control(mix -> {
                mix.addFloorSpeaker("chair");
                return mix.addInterpreter("fr", "fr-1").micOn();
            });
            pipeline.setListeners("fr", Variant.MIXED, STUDIO, 1);
            pipeline.setListeners("fr", Variant.CLEAN, STUDIO, 1);
            try (OpusSender floor = OpusSender.clear(chair, 0x1111, FLOOR_TONE);
                 OpusSender french = OpusSender.clear(interpreter, 0x2222, INTERPRETER_TONE)) {
                for (int t = 0; t < 100; t++) {
                    floor.send(false);
                    french.send(false);
                    pipeline.tick();
                }
            }
            assertEquals(MicResult.Status.GRANTED, granted.getNow(null).status());

            short[] mixed = listener.pcm("fr", Variant.MIXED, STUDIO);
            short[] clean = listener.pcm("fr", Variant.CLEAN, STUDIO);
            assertEquals(100 * 960, mixed.length);
            int at = mixed.length - WINDOW;
            double mixedFloor = goertzelPower(mixed, at, WINDOW, 440, RATE);
            double mixedVoice = goertzelPower(mixed, at, WINDOW, 1000, RATE);
            assertEquals(-15.0, 10 * Math.log10(mixedFloor / mixedVoice), 1.5, "floor under the interpreter in MIXED");
            double cleanFloor = goertzelPower(clean, at, WINDOW, 440, RATE);
            double cleanVoice = goertzelPower(clean, at, WINDOW, 1000, RATE);
            assertEquals(10 * Math.log10(mixedVoice), 10 * Math.log10(cleanVoice), 1.5, "same interpreter level");
            assertTrue(10 * Math.log10(cleanFloor / cleanVoice) < -40, "no floor in CLEAN");
            assertEquals(0, pipeline.encoder("fr", Variant.CLEAN).encodes(TierSet.STANDARD), "standard has no listener");
        }
    }

    @Test
    void tenPercentLossOnAnFecStreamLeavesNoGapLongerThanAFrame() {
        try (DecodingSink listener = new DecodingSink();
             MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(), listener)) {
            pipeline.addLanguage("fr");
            SourceInput interpreter = pipeline.addSource("fr-1");
            pipeline.control(mix -> mix.addInterpreter("fr", "fr-1").micOn());
            pipeline.setListeners("fr", Variant.CLEAN, STUDIO, 1);
            Random random = new Random(7);
            int dropped = 0;
            int ticks = 500;
            // Speech, not a tone: SILK spends LBRR bits only on frames its voice detector calls active.
            try (OpusSender french = OpusSender.withFec(interpreter, 0x3333, AudioAnalysis.speechLike(2 * RATE))) {
                for (int t = 0; t < ticks; t++) {
                    boolean lost = t > 5 && t < ticks - 5 && random.nextInt(10) == 0;
                    dropped += lost ? 1 : 0;
                    french.send(lost);
                    pipeline.tick();
                }
            }
            JitterBuffer jitter = interpreter.jitterBuffer();
            assertEquals(dropped, jitter.lost(), "every dropped packet noticed");
            // The sender codes LBRR only for frames its voice detector calls active (about half of
            // this signal), so only part of the losses can be rebuilt; the rest is concealed.
            assertTrue(jitter.recoveredByFec() > dropped / 4,
                    jitter.recoveredByFec() + " of " + dropped + " lost frames rebuilt from FEC");
            assertTrue(jitter.recoveredByFec() + jitter.concealed() >= dropped, "the others concealed");

            // Gaps: 2 ms blocks whose level falls below a quarter of the stream's.
            short[] clean = listener.pcm("fr", Variant.CLEAN, STUDIO);
            double nominal = AudioAnalysis.rms(clean, 10 * 960, clean.length - 10 * 960);
            int block = 96;
            int longestGap = 0;
            int gap = 0;
            for (int start = 10 * 960; start + block <= clean.length; start += block) {
                gap = AudioAnalysis.rms(clean, start, block) < nominal / 4 ? gap + block : 0;
                longestGap = Math.max(longestGap, gap);
            }
            assertTrue(longestGap <= 960, "longest gap " + longestGap + " samples");
        }
    }

    @Test
    void decodesOnlyTheSourcesTheMixNeeds() throws Exception {
        try (MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(),
                (language, variant, tier, data, length, timestamp, duration) -> { })) {
            pipeline.addLanguage("fr");
            SourceInput first = pipeline.addSource("fr-1");
            SourceInput second = pipeline.addSource("fr-2");
            pipeline.control(mix -> {
                mix.addInterpreter("fr", "fr-2");
                return mix.addInterpreter("fr", "fr-1").micOn();
            });
            try (OpusSender live = OpusSender.clear(first, 1, INTERPRETER_TONE);
                 OpusSender partner = OpusSender.clear(second, 2, FLOOR_TONE)) {
                for (int t = 0; t < 50; t++) {
                    live.send(false);
                    partner.send(false);
                    pipeline.tick();
                }
                assertEquals(50, first.framesPulled());
                assertEquals(0, second.framesPulled(), "the booth partner's microphone is off: not decoded");
                assertEquals(50, second.jitterBuffer().received(), "but its packets are still taken in");

                var handover = pipeline.control(mix -> mix.booth("fr").takeOver(mix.booths().interpreter("fr-2")));
                for (int t = 0; t < 50; t++) {
                    live.send(false);
                    partner.send(false);
                    pipeline.tick();
                }
                assertEquals(MicResult.Status.HANDED_OVER, handover.get().status());
                assertTrue(second.framesPulled() >= 49, "decoded once live: " + second.framesPulled());
                assertTrue(first.framesPulled() <= 52, "no longer decoded once faded out: " + first.framesPulled());
            }
            for (Tier tier : TierSet.defaults().tiers()) {
                assertEquals(0, pipeline.encoder("fr", Variant.MIXED).encodes(tier), "no listeners, no encode");
            }
        }
    }

    @Test
    void idleChannelsShareOneEncodeOfTheFloorAndALiveOneGetsItsOwn() throws Exception {
        try (DecodingSink listener = new DecodingSink();
             MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(), listener)) {
            SourceInput chair = pipeline.addSource("chair");
            SourceInput interpreter = pipeline.addSource("fr-1");
            for (String language : new String[] {"fr", "es", "de"}) {
                pipeline.addLanguage(language);
                for (Variant variant : Variant.values()) {
                    pipeline.setListeners(language, variant, TierSet.STANDARD, 1);
                }
            }
            pipeline.control(mix -> {
                mix.addFloorSpeaker("chair");
                return mix.addInterpreter("fr", "fr-1").micOn();
            });
            try (OpusSender floor = OpusSender.clear(chair, 0x1111, FLOOR_TONE);
                 OpusSender french = OpusSender.clear(interpreter, 0x2222, INTERPRETER_TONE)) {
                for (int t = 0; t < 50; t++) {
                    floor.send(false);
                    french.send(false);
                    pipeline.tick();
                }
            }

            // Four idle variants (es, de) are the floor: one encode per tick between them; French
            // CLEAN and MIXED are distinct: one each.
            long encodes = 0;
            long shared = 0;
            for (String language : new String[] {"fr", "es", "de"}) {
                for (Variant variant : Variant.values()) {
                    encodes += pipeline.encoder(language, variant).encodes(TierSet.STANDARD);
                    shared += pipeline.encoder(language, variant).framesShared(TierSet.STANDARD);
                    assertEquals(50 * 960, listener.pcm(language, variant, TierSet.STANDARD).length,
                            language + " " + variant + " got every frame");
                }
            }
            assertEquals(3 * 50, encodes);
            assertEquals(3 * 50, shared);

            // Each listener hears its own channel: the floor tone in Spanish, the interpreter in French CLEAN.
            int at = 50 * 960 - WINDOW;
            short[] spanish = listener.pcm("es", Variant.CLEAN, TierSet.STANDARD);
            short[] german = listener.pcm("de", Variant.MIXED, TierSet.STANDARD);
            short[] french = listener.pcm("fr", Variant.CLEAN, TierSet.STANDARD);
            assertTrue(goertzelPower(spanish, at, WINDOW, 440, RATE) > 100 * goertzelPower(spanish, at, WINDOW, 1000, RATE));
            assertArrayEquals(spanish, german, "identical streams decode identically");
            assertTrue(goertzelPower(french, at, WINDOW, 1000, RATE) > 100 * goertzelPower(french, at, WINDOW, 440, RATE));
        }
    }

    @Test
    void takesWholeRtpPacketsWithoutTakingOwnership() {
        try (MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(),
                (language, variant, tier, data, length, timestamp, duration) -> { })) {
            SourceInput input = pipeline.addSource("chair");
            ByteBuf packet = Unpooled.buffer();
            // RFC 3550 §5.1 header with an RFC 8285 one-byte extension carrying RFC 6464 level 30 (id 1).
            packet.writeByte(0x90).writeByte(111).writeShort(7).writeInt(960).writeInt(0xCAFE);
            packet.writeShort(0xBEDE).writeShort(1).writeByte(0x10).writeByte(0x80 | 30).writeShort(0);
            packet.writeBytes(new byte[] {(byte) 0xFC, (byte) 0xFF, (byte) 0xFE}); // a CELT FB 20 ms frame
            int readerIndex = packet.readerIndex();
            assertTrue(input.offerRtp(packet, 1, System.nanoTime()));
            assertEquals(1, packet.refCnt());
            assertEquals(readerIndex, packet.readerIndex());

            ByteBuf truncated = Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 111, 0});
            assertFalse(input.offerRtp(truncated, 1, System.nanoTime()));
            assertEquals(1, input.rejected());

            pipeline.tick();
            assertEquals(1, input.jitterBuffer().received());
            packet.release();
            truncated.release();
        }
    }

    @Test
    void twentyMillisecondPacketsFeedTenMillisecondTicksWithoutGaps() {
        MixSettings tenMs = MixSettings.DEFAULTS.withFormat(FrameFormat.MS_10);
        try (DecodingSink listener = new DecodingSink();
             MeetingPipeline pipeline = new MeetingPipeline(tenMs, TierSet.defaults(), listener)) {
            pipeline.addLanguage("fr");
            SourceInput interpreter = pipeline.addSource("fr-1");
            pipeline.control(mix -> mix.addInterpreter("fr", "fr-1").micOn());
            pipeline.setListeners("fr", Variant.CLEAN, STUDIO, 1);
            pipeline.setListeners("fr", Variant.CLEAN, TierSet.LOW, 1);
            int ticks = 240;
            try (OpusSender french = OpusSender.clear(interpreter, 0x4444, INTERPRETER_TONE)) {
                for (int t = 0; t < ticks; t++) {
                    if (t % 2 == 0) {
                        french.send(false); // a browser's 20 ms packet every second tick
                    }
                    pipeline.tick();
                }
            }
            JitterBuffer jitter = interpreter.jitterBuffer();
            assertEquals(0, jitter.concealed() + jitter.lost() + jitter.undecodable(), "every packet played whole");
            assertEquals(ticks, interpreter.framesPulled());

            // 20 ms studio frames every second tick, 120 ms low frames every twelfth, stamped back to back.
            assertEquals(ticks / 2, pipeline.encoder("fr", Variant.CLEAN).encodes(STUDIO));
            assertEquals(ticks / 12, pipeline.encoder("fr", Variant.CLEAN).encodes(TierSet.LOW));
            assertContiguous(listener.timestamps("fr", Variant.CLEAN, STUDIO), 960);
            assertContiguous(listener.timestamps("fr", Variant.CLEAN, TierSet.LOW), 5760);

            // The interpreter's tone is in every 10 ms of the studio stream once the codecs have started.
            short[] clean = listener.pcm("fr", Variant.CLEAN, STUDIO);
            assertEquals(ticks * 480, clean.length);
            for (int start = 10 * 480; start + 480 <= clean.length; start += 480) {
                assertTrue(goertzelPower(clean, start, 480, 1000, RATE) > 1e4, "gap at sample " + start);
            }
        }
    }

    @Test
    void countsWhatOperatorsWatch() throws Exception {
        AtomicLong observedTicks = new AtomicLong();
        try (MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(),
                (language, variant, tier, data, length, timestamp, duration) -> { })) {
            pipeline.setTickObserver(nanos -> {
                assertTrue(nanos > 0);
                observedTicks.incrementAndGet();
            });
            pipeline.addLanguage("fr");
            pipeline.addLanguage("es");
            SourceInput interpreter = pipeline.addSource("fr-1");
            pipeline.control(mix -> mix.addInterpreter("fr", "fr-1").micOn());
            pipeline.setListeners("fr", Variant.CLEAN, STUDIO, 1);
            pipeline.setListeners("es", Variant.MIXED, STUDIO, 1);
            try (OpusSender french = OpusSender.withFec(interpreter, 0x5555, AudioAnalysis.speechLike(RATE))) {
                for (int t = 0; t < 40; t++) {
                    french.send(t == 20 || t == 30);
                    pipeline.tick();
                }
            }
            assertEquals(40, observedTicks.get());
            assertEquals(1, pipeline.liveBooths());
            long encodes = pipeline.encoder("fr", Variant.CLEAN).encodes(STUDIO)
                    + pipeline.encoder("es", Variant.MIXED).encodes(STUDIO);
            assertEquals(encodes, pipeline.encodes(STUDIO));
            assertEquals(0, pipeline.encodes(TierSet.LOW));
            assertEquals(2, pipeline.sourceTotal(SourceCounter.LOST));
            long recovered = pipeline.sourceTotal(SourceCounter.RECOVERED_BY_FEC);
            long concealed = pipeline.sourceTotal(SourceCounter.CONCEALED);

            // A source that leaves keeps its part in the totals: counters never go back.
            pipeline.control(mix -> mix.booth("fr").removeInterpreter(mix.booths().interpreter("fr-1")));
            pipeline.removeSource("fr-1");
            pipeline.tick();
            assertEquals(0, pipeline.liveBooths());
            assertEquals(2, pipeline.sourceTotal(SourceCounter.LOST));
            assertEquals(recovered, pipeline.sourceTotal(SourceCounter.RECOVERED_BY_FEC));
            assertEquals(concealed, pipeline.sourceTotal(SourceCounter.CONCEALED));
        }
    }

    @Test
    void tellsHowLongEachLiveBoothHasBeenWithoutVoice() {
        try (MeetingPipeline pipeline = new MeetingPipeline(MixSettings.DEFAULTS, TierSet.defaults(),
                (language, variant, tier, data, length, timestamp, duration) -> { })) {
            pipeline.addLanguage("fr");
            pipeline.addLanguage("es");
            pipeline.addLanguage("ru");
            SourceInput french = pipeline.addSource("fr-1");
            SourceInput spanish = pipeline.addSource("es-1");
            pipeline.addSource("ru-1");
            pipeline.control(mix -> {
                mix.addInterpreter("fr", "fr-1").micOn();
                mix.addInterpreter("ru", "ru-1"); // in the booth, never live
                return mix.addInterpreter("es", "es-1").micOn();
            });
            // French speaks; Spanish is live but its microphone sends digital silence, then nothing at all.
            try (OpusSender voice = OpusSender.clear(french, 0x6666, INTERPRETER_TONE);
                 OpusSender silence = OpusSender.clear(spanish, 0x7777, new short[OpusSender.FRAME])) {
                for (int t = 0; t < 50; t++) {
                    voice.send(false);
                    silence.send(t >= 25);
                    pipeline.tick();
                }
            }
            assertEquals(0, pipeline.silentMillis("fr"), "a speaking booth is not silent");
            assertEquals(50 * 20, pipeline.silentMillis("es"), "on air and silent since its first tick");
            assertEquals(0, pipeline.silentMillis("ru"), "a booth nobody is live in is not a silent live booth");
            assertEquals(-1, pipeline.silentMillis("de"), "no such booth");

            // The cough key takes the interpreter off air: deliberate silence, not counted.
            pipeline.control(mix -> {
                mix.booths().interpreter("es-1").cough(true);
                return null;
            });
            pipeline.tick();
            assertEquals(0, pipeline.silentMillis("es"));
            pipeline.control(mix -> {
                mix.booths().interpreter("es-1").cough(false);
                return null;
            });
            for (int t = 0; t < 10; t++) {
                pipeline.tick();
            }
            assertEquals(10 * 20, pipeline.silentMillis("es"), "counting again from the release");

            pipeline.control(mix -> mix.booths().interpreter("es-1").micOff());
            pipeline.tick();
            assertEquals(0, pipeline.silentMillis("es"), "off air");
            pipeline.removeLanguage("es");
            assertEquals(-1, pipeline.silentMillis("es"), "removed");
        }
    }

    private static void assertContiguous(List<Long> timestamps, int frameSamples) {
        assertTrue(timestamps.size() > 1);
        for (int i = 1; i < timestamps.size(); i++) {
            assertEquals(timestamps.get(i - 1) + frameSamples, timestamps.get(i), "frame " + i);
        }
    }
}
