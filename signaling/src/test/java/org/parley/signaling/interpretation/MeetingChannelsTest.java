package org.parley.signaling.interpretation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.media.MediaConfig;
import org.parley.media.MediaServer;
import org.parley.media.router.Producer;
import org.parley.media.rtp.RtpPacket;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.pipeline.MixerClock;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;

/** A meeting's channel producers in a real media core's router, fed by a real mixer clock. */
class MeetingChannelsTest {

    private MediaServer media;
    private MixerClock clock;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> meetingLanguages = new CopyOnWriteArrayList<>(List.of("fr", "en"));
    private MeetingChannels channels;

    @BeforeEach
    void start() throws Exception {
        media = MediaServer.start(MediaConfig.udpOnly("127.0.0.1", "127.0.0.1", 0), new SimpleMeterRegistry());
        clock = new MixerClock("test-mixer", 1, MixerClock.DEFAULT_PERIOD_MILLIS);
        channels = new MeetingChannels("m1", () -> List.copyOf(meetingLanguages), TierSet.defaults(), media, clock,
                registry);
    }

    @AfterEach
    void stop() {
        channels.close();
        clock.close();
        media.close();
    }

    @Test
    void everyLanguageVariantAndTierIsALocalProducerInTheRouter() {
        for (String language : List.of("fr", "en")) {
            for (Variant variant : Variant.values()) {
                for (Tier tier : TierSet.defaults().tiers()) {
                    ChannelKey key = new ChannelKey(language, variant, tier);
                    Producer producer = media.router().producer(key.producerId("m1"));
                    assertNotNull(producer, key.producerId("m1"));
                    assertTrue(producer.isLocal());
                    assertEquals(producer, channels.producer(key));
                }
            }
        }
        assertEquals("channel/m1/fr/mixed/standard",
                new ChannelKey("fr", Variant.MIXED, TierSet.STANDARD).producerId("m1"));
        assertNull(channels.producer(new ChannelKey("de", Variant.MIXED, TierSet.STANDARD)));
    }

    @Test
    void onlyStreamsWithListenersAreEncodedAndSentAsOpusRtp() throws Exception {
        ChannelKey heard = new ChannelKey("fr", Variant.MIXED, TierSet.STANDARD);
        ChannelKey unheard = new ChannelKey("fr", Variant.MIXED, TierSet.STUDIO);
        Producer heardProducer = channels.producer(heard);
        CountDownLatch tenPackets = new CountDownLatch(10);
        AtomicInteger wrongHeaders = new AtomicInteger();
        AtomicLong unheardPackets = new AtomicLong();
        heardProducer.setTap((producer, packet, nowNanos) -> {
            if (!media.eventLoop().inEventLoop() || RtpPacket.payloadType(packet) != 111
                    || RtpPacket.ssrc(packet) != producer.ssrc()) {
                wrongHeaders.incrementAndGet();
            }
            tenPackets.countDown();
        });
        channels.producer(unheard).setTap((producer, packet, nowNanos) -> unheardPackets.incrementAndGet());

        channels.listenerAdded(heard);
        assertEquals(1, channels.listeners(heard));
        assertTrue(tenPackets.await(20, TimeUnit.SECONDS), "a heard stream is encoded and forwarded");
        assertEquals(0, wrongHeaders.get(), "Opus RTP with the producer's SSRC, on the media event loop");
        assertEquals(0, unheardPackets.get(), "a tier without listeners is never encoded");

        channels.listenerRemoved(heard);
        channels.listenerRemoved(heard); // never below zero
        assertEquals(0, channels.listeners(heard));
    }

    @Test
    void aTapKeepsAStreamEncodedAndSeesTheSameTimelineOnEveryLanguage() throws Exception {
        ChannelKey french = new ChannelKey("fr", Variant.MIXED, TierSet.STANDARD);
        ChannelKey floor = new ChannelKey(ChannelKey.FLOOR, Variant.MIXED, TierSet.STANDARD);
        List<Long> frenchStamps = new CopyOnWriteArrayList<>();
        List<Long> floorStamps = new CopyOnWriteArrayList<>();
        AtomicLong routedPackets = new AtomicLong();
        channels.producer(french).setTap((producer, packet, nowNanos) -> routedPackets.incrementAndGet());
        org.parley.mixer.tier.EncodedFrameSink frenchTap =
                (language, variant, tier, data, length, timestamp, duration) -> {
                    if (length > 0 && "fr".equals(language) && tier == TierSet.STANDARD) {
                        frenchStamps.add(timestamp);
                    }
                };
        assertTrue(channels.addTap(french, frenchTap));
        assertTrue(channels.addTap(floor, (language, variant, tier, data, length, timestamp, duration) ->
                floorStamps.add(timestamp)));
        assertEquals(1, channels.taps(french));
        assertEquals(0, channels.listeners(french), "a tap is not a listener");
        assertEquals(false, channels.addTap(new ChannelKey("de", Variant.MIXED, TierSet.STANDARD), frenchTap));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((frenchStamps.size() < 20 || floorStamps.size() < 20) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(frenchStamps.size() >= 20 && floorStamps.size() >= 20, "both tapped streams are encoded");
        for (int i = 1; i < frenchStamps.size(); i++) {
            long step = frenchStamps.get(i) - frenchStamps.get(i - 1);
            // 960 each; a tick the clock skipped under load leaves a gap of whole frames.
            assertTrue(step > 0 && step % 960 == 0, "20 ms frames in order, step " + step);
        }
        assertTrue(floorStamps.contains(frenchStamps.get(5)), "one 48 kHz timeline for every language");
        assertTrue(routedPackets.get() > 0, "the tapped stream still reaches the router");

        channels.removeTap(french, frenchTap);
        assertEquals(0, channels.taps(french));
        Thread.sleep(100); // the tick that was running when the tap left
        int seen = frenchStamps.size();
        Thread.sleep(200);
        assertEquals(seen, frenchStamps.size(), "a removed tap gets no more frames");
    }

    @Test
    void aLanguageTheMeetingGainsJoinsTheRunningMixer() throws Exception {
        ChannelKey german = new ChannelKey("de", Variant.MIXED, TierSet.STANDARD);
        assertNull(channels.producer(german), "not a language of the meeting yet");

        meetingLanguages.add("de");
        Producer producer = channels.producer(german);
        assertNotNull(producer, "added live");
        assertEquals(producer, media.router().producer(german.producerId("m1")));
        assertEquals(List.of("fr", "en", "de"), channels.languages());
        CountDownLatch fivePackets = new CountDownLatch(5);
        producer.setTap((source, packet, nowNanos) -> fivePackets.countDown());
        channels.listenerAdded(german);
        assertTrue(fivePackets.await(20, TimeUnit.SECONDS), "the new language's channel is mixed and encoded");
        assertEquals(1, channels.listeners(german));
        // The languages from the start keep their streams.
        assertEquals(media.router().producer("channel/m1/fr/clean/low"),
                channels.producer(new ChannelKey("fr", Variant.CLEAN, TierSet.LOW)));
    }

    @Test
    void aLanguageTheMeetingLosesLeavesTheRouterAndTheMixerAndMayComeBack() throws Exception {
        ChannelKey english = new ChannelKey("en", Variant.MIXED, TierSet.STANDARD);
        Producer removed = channels.producer(english);
        channels.listenerAdded(english);

        meetingLanguages.remove("en");
        assertEquals(List.of("en"), channels.dropRemovedLanguages());
        assertEquals(List.of(), channels.dropRemovedLanguages(), "dropped once");
        assertNull(channels.producer(english), "no stream of a removed language");
        assertEquals(0, channels.listeners("en"));
        assertEquals(List.of("fr"), channels.languages());
        media.eventLoop().submit(() -> { }).get(5, TimeUnit.SECONDS); // the router removal runs on the event loop
        assertNull(media.router().producer(english.producerId("m1")));
        assertTrue(removed.isClosed());
        assertNull(channels.booth("en").get(5, TimeUnit.SECONDS), "the mixer has no English booth");
        assertNotNull(channels.booth("fr").get(5, TimeUnit.SECONDS));

        meetingLanguages.add("en");
        Producer back = channels.producer(english);
        assertNotNull(back, "added again");
        assertNotSame(removed, back);
        assertEquals(back, media.router().producer(english.producerId("m1")));
        CountDownLatch fivePackets = new CountDownLatch(5);
        back.setTap((source, packet, nowNanos) -> fivePackets.countDown());
        channels.listenerAdded(english);
        assertTrue(fivePackets.await(20, TimeUnit.SECONDS), "the new English channel is mixed and encoded");
        assertEquals(1, channels.listeners(english), "counted afresh");
    }

    @Test
    void theMixersMetersLiveAsLongAsItDoes() {
        assertEquals(1, registry.find("parley.mixer.tick").tag("meeting", "m1").timers().size());
        assertEquals(TierSet.defaults().size(), registry.find("parley.mixer.encodes").tag("meeting", "m1")
                .functionCounters().size(), "one per tier");
        assertNotNull(registry.find("parley.mixer.live.booths").tag("meeting", "m1").gauge());
        channels.close();
        assertTrue(registry.find("parley.mixer.tick").meters().isEmpty());
        assertTrue(registry.getMeters().stream().noneMatch(meter -> meter.getId().getName().startsWith("parley.mixer")),
                "no meter of a closed mixer is left");
    }

    @Test
    void listenerAndBoothMetersFollowTheMeetingsLanguages() {
        int streams = Variant.values().length * TierSet.defaults().size();
        assertEquals(3 * streams, listenerGauges().size(), "fr, en and the floor, each variant and tier");
        assertEquals(List.of("en", "fr"), registry.find("parley.mixer.booth.silence").tag("meeting", "m1").gauges().stream()
                .map(gauge -> gauge.getId().getTag("booth")).sorted().toList(), "a booth per language, none for the floor");
        assertEquals(0, registry.get("parley.mixer.booth.silence").tag("booth", "fr").gauge().value(), "nobody is live");

        ChannelKey frenchMixed = new ChannelKey("fr", Variant.MIXED, TierSet.STANDARD);
        channels.listenerAdded(frenchMixed);
        assertEquals(1, listeners("fr", "mixed", "standard"));
        // A floor speaker hearing French without their own voice listens to French too.
        ChannelKey ownStream = frenchMixed.withMixMinusOf("t1/0");
        assertNotNull(channels.producer(ownStream));
        channels.listenerAdded(ownStream);
        assertEquals(2, listeners("fr", "mixed", "standard"));
        assertEquals(0, listeners("fr", "clean", "standard"));
        assertEquals(streams * 3, listenerGauges().size(), "no series of its own for a speaker's stream");

        meetingLanguages.remove("en");
        channels.dropRemovedLanguages();
        assertEquals(2 * streams, listenerGauges().size());
        assertTrue(registry.find("parley.channel.listeners").tag("language", "en").gauges().isEmpty());
        assertNull(registry.find("parley.mixer.booth.silence").tag("booth", "en").gauge());

        channels.close();
        assertTrue(registry.getMeters().stream().noneMatch(meter -> meter.getId().getName().startsWith("parley.channel")
                || meter.getId().getName().startsWith("parley.mixer")), "no meter of a closed mixer is left");
    }

    private Collection<Gauge> listenerGauges() {
        return registry.find("parley.channel.listeners").tag("meeting", "m1").gauges();
    }

    private double listeners(String language, String variant, String tier) {
        return registry.get("parley.channel.listeners").tag("meeting", "m1").tag("language", language)
                .tag("variant", variant).tag("tier", tier).gauge().value();
    }

    @Test
    void closingRemovesTheProducersFromTheRouter() throws Exception {
        String id = new ChannelKey("en", Variant.CLEAN, TierSet.LOW).producerId("m1");
        Producer producer = media.router().producer(id);
        channels.close();
        media.eventLoop().submit(() -> { }).get(5, TimeUnit.SECONDS); // the removal runs on the event loop
        assertNull(media.router().producer(id));
        assertTrue(producer.isClosed());
    }
}
