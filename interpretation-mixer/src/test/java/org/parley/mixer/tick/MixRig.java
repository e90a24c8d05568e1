package org.parley.mixer.tick;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.mixer.channel.Tone;
import org.parley.mixer.channel.Variant;

/** Test driver: feeds every needed source its tone each tick and records chosen outputs. */
final class MixRig {

    final MeetingMix mix;
    final int frameSamples;
    private final Map<String, Tone> tones = new HashMap<>();
    private final Map<String, List<short[]>> recordings = new LinkedHashMap<>();
    private int ticks;

    MixRig(MixSettings settings) {
        this.mix = new MeetingMix(settings);
        this.frameSamples = settings.format().samplesPerFrame();
    }

    /** {@code sourceId} speaks a sine of {@code frequency} Hz at {@code amplitude} (1.0 = full scale). */
    MixRig tone(String sourceId, double frequency, double amplitude) {
        tones.put(sourceId, new Tone(frequency, amplitude, frameSamples));
        return this;
    }

    MixRig record(String language, Variant variant) {
        recordings.put(language + "/" + variant, new ArrayList<>());
        return this;
    }

    /** Ticks for {@code millis} milliseconds. */
    void run(int millis) {
        int count = millis * 48 / frameSamples;
        for (int t = 0; t < count; t++) {
            tick();
        }
    }

    void tick() {
        mix.forEachNeededSource(id -> {
            Tone tone = tones.get(id);
            if (tone != null) {
                mix.offer(id, tone.next());
            }
        });
        mix.tick();
        ticks++;
        recordings.forEach((key, frames) -> {
            String[] parts = key.split("/");
            frames.add(mix.output(parts[0], Variant.valueOf(parts[1])).clone());
        });
    }

    /** Samples recorded so far. */
    int position() {
        return ticks * frameSamples;
    }

    /** Everything recorded of ({@code language}, {@code variant}) as floats. */
    float[] recording(String language, Variant variant) {
        List<short[]> frames = recordings.get(language + "/" + variant);
        float[] out = new float[frames.size() * frameSamples];
        for (int f = 0; f < frames.size(); f++) {
            for (int i = 0; i < frameSamples; i++) {
                out[f * frameSamples + i] = frames.get(f)[i] / 32768f;
            }
        }
        return out;
    }
}
