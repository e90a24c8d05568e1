package org.parley.mixer.tick;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.parley.mixer.booth.IncomingSource;
import org.parley.mixer.booth.RoutingException;
import org.parley.mixer.channel.Tone;
import org.parley.mixer.channel.Variant;

/** A tick of a six-language meeting (with a relay, a retour and a handover in flight) allocates nothing. */
class MeetingMixAllocationTest {

    private static final List<String> LANGUAGES = List.of("en", "fr", "es", "ru", "zh", "ar");

    @Test
    void tickAllocatesNothing() throws RoutingException {
        MeetingMix mix = new MeetingMix(MixSettings.DEFAULTS);
        Map<String, Tone> tones = new HashMap<>();
        mix.addFloorSpeaker("chair");
        mix.addFloorSpeaker("delegate");
        tones.put("chair", new Tone(440, 0.1, 960));
        tones.put("delegate", new Tone(330, 0.05, 960));
        int frequency = 1000;
        for (String language : LANGUAGES) {
            mix.addLanguage(language);
            for (int i = 1; i <= 2; i++) {
                String id = language + "-" + i;
                mix.addInterpreter(language, id);
                tones.put(id, new Tone(frequency += 250, 0.1, 960));
            }
        }
        mix.booth("ar").setIncoming(IncomingSource.relay("en"));
        mix.booth("zh").setOutgoing("en"); // retour; zh stays idle so en-1 can be live
        for (String language : List.of("en", "fr", "es", "ru", "ar")) {
            mix.booths().interpreter(language + "-1").micOn();
        }
        Consumer<String> decoder = id -> mix.offer(id, tones.get(id).next(), 40);
        short[][] sink = new short[1][];
        Runnable tick = () -> {
            mix.forEachNeededSource(decoder);
            mix.tick();
            for (int l = 0; l < LANGUAGES.size(); l++) {
                sink[0] = mix.output(LANGUAGES.get(l), Variant.CLEAN);
                sink[0] = mix.output(LANGUAGES.get(l), Variant.MIXED);
                sink[0] = mix.boothFeed(LANGUAGES.get(l));
            }
        };
        for (int t = 0; t < 3000; t++) {
            tick.run(); // warm up: let the JIT compile the tick
        }
        // A handover in flight during the measurement exercises the crossfade path too.
        mix.booth("fr").takeOver(mix.booths().interpreter("fr-2"));
        mix.booths().interpreter("ru-1").cough(true);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int t = 0; t < 3000; t++) {
            tick.run();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < 4096, allocated + " bytes allocated in 3000 ticks");
    }
}
