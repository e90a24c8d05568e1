package org.parley.mixer.channel;

import java.util.Arrays;

/**
 * The audio of one language for one meeting: each tick it turns the floor and its voice bus
 * (whatever live interpreter microphones speak into this language, from its own booth or a
 * retour) into a {@link Variant#CLEAN} and a {@link Variant#MIXED} frame.
 *
 * <p>While a microphone is live the voice is normalised and the floor is removed (CLEAN) or
 * ducked (MIXED); while none is, CLEAN falls back to the {@link IdleFallback} and MIXED carries
 * the floor at full level. The switch between the two follows a {@link GainRamp}, so going live
 * or idle never clicks. Each variant ends in its own {@link Limiter}.
 *
 * <p>Not thread-safe: driven by one tick thread. The output arrays are owned by the channel and
 * overwritten by the next {@link #render}.
 */
public final class LanguageChannel {

    private final String language;
    private final int frameSamples;
    private final boolean floorWhenIdle;
    private final float duckedFloorGain;
    private final float[] voice;
    private final float[] clean;
    private final float[] mixed;
    private final short[] cleanPcm;
    private final short[] mixedPcm;
    private final GainRamp liveness;
    private final LevelNormalizer voiceNormalizer;
    private final Limiter cleanLimiter;
    private final Limiter mixedLimiter;
    private boolean live;

    /**
     * @param language           the language code this channel carries (e.g. "fr")
     * @param frameSamples       samples per tick
     * @param sampleRate         samples per second
     * @param settings           meeting-wide channel settings
     * @param switchRampSamples  length of the idle/live transition
     */
    public LanguageChannel(String language, int frameSamples, int sampleRate, ChannelSettings settings,
                           int switchRampSamples) {
        this.language = language;
        this.frameSamples = frameSamples;
        this.floorWhenIdle = settings.idleFallback() == IdleFallback.FLOOR;
        this.duckedFloorGain = Decibels.toGain(settings.floorDuckDb());
        this.voice = new float[frameSamples];
        this.clean = new float[frameSamples];
        this.mixed = new float[frameSamples];
        this.cleanPcm = new short[frameSamples];
        this.mixedPcm = new short[frameSamples];
        this.liveness = new GainRamp(switchRampSamples, false);
        this.voiceNormalizer = new LevelNormalizer(settings.targetLevelDbfs(), settings.maxNormalisationDb(),
                frameSamples, sampleRate);
        this.cleanLimiter = new Limiter(settings.ceilingDbfs(), sampleRate);
        this.mixedLimiter = new Limiter(settings.ceilingDbfs(), sampleRate);
    }

    public String language() {
        return language;
    }

    /** The bus interpreters' microphones are summed into during a tick; cleared by {@link #render}. */
    public float[] voiceBus() {
        return voice;
    }

    /**
     * Produces this tick's variants from the voice bus and the floor, then clears the voice bus.
     *
     * @param floor the floor of this tick (read only)
     * @param live  whether an interpreter microphone is live on this channel this tick
     */
    public void render(float[] floor, boolean live) {
        this.live = live;
        liveness.target(live);
        voiceNormalizer.process(voice, frameSamples);
        if (liveness.isClosed()) {
            renderIdle(floor);
        } else {
            float duckDepth = 1f - duckedFloorGain;
            for (int i = 0; i < frameSamples; i++) {
                float l = liveness.next();
                float v = voice[i];
                float f = floor[i];
                clean[i] = floorWhenIdle ? v + (1f - l) * f : v;
                mixed[i] = v + f * (1f - l * duckDepth);
            }
        }
        Arrays.fill(voice, 0f);
        cleanLimiter.process(clean, frameSamples);
        mixedLimiter.process(mixed, frameSamples);
        Pcm16.toShort(clean, cleanPcm, frameSamples);
        Pcm16.toShort(mixed, mixedPcm, frameSamples);
    }

    private void renderIdle(float[] floor) {
        // The voice bus may still carry a microphone's fade-out tail after liveness closed.
        for (int i = 0; i < frameSamples; i++) {
            float v = voice[i];
            float f = floor[i];
            clean[i] = floorWhenIdle ? v + f : v;
            mixed[i] = v + f;
        }
    }

    /** This tick's 16-bit output of {@code variant}; owned by the channel, valid until the next render. */
    public short[] output(Variant variant) {
        return variant == Variant.CLEAN ? cleanPcm : mixedPcm;
    }

    /** Whether an interpreter was live on this channel in the last rendered tick. */
    public boolean isLive() {
        return live;
    }
}
