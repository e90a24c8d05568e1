package org.parley.mixer.tier;

import org.parley.mixer.AudioAnalysis;
import org.parley.mixer.booth.Interpreter;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tick.MeetingMix;
import org.parley.mixer.tick.MixSettings;

/**
 * A meeting mix producing voice-like French channels: a floor speaker and a live French
 * interpreter, both harmonic voices with a syllable-rate envelope, at 20 ms ticks.
 */
final class VoiceRig {

    static final int FRAME = 960;

    final MeetingMix mix = new MeetingMix(MixSettings.DEFAULTS);
    private final short[] floorVoice;
    private final short[] interpreterVoice;
    private final short[] frame = new short[FRAME];
    private int position;

    VoiceRig(int seconds) {
        int length = seconds * 48_000;
        floorVoice = AudioAnalysis.speechLike(length);
        interpreterVoice = AudioAnalysis.speechLike(length, 0); // a voice 120 Hz higher
        mix.addFloorSpeaker("chair");
        mix.addLanguage("fr");
        Interpreter interpreter = mix.addInterpreter("fr", "fr-1");
        interpreter.micOn();
    }

    /** Mixes the next tick; returns the French variant's frame (owned by the mix). */
    short[] next(Variant variant) {
        offer("chair", floorVoice);
        offer("fr-1", interpreterVoice);
        position = (position + FRAME) % floorVoice.length;
        mix.tick();
        return mix.output("fr", variant);
    }

    private void offer(String id, short[] voice) {
        System.arraycopy(voice, position, frame, 0, FRAME);
        mix.offer(id, frame);
    }
}
