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
    private final float duckDepth;
    private float[] voice;
    /** The last render's normalised voice and liveness gains: what {@link #renderWithFloor} replays. */
    private float[] renderedVoice;
    private final float[] renderedLiveness;
    private boolean renderedIdle;
    private final float[] clean;
    private final float[] mixed;
    private final short[] cleanPcm;
    private final short[] mixedPcm;
    private final GainRamp liveness;
    private final LevelNormalizer voiceNormalizer;
    private final Limiter cleanLimiter;
    private final Limiter mixedLimiter;
    private final float ceilingDbfs;
    private final int sampleRate;
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
        this.duckDepth = 1f - duckedFloorGain;
        this.voice = new float[frameSamples];
        this.renderedVoice = new float[frameSamples];
        this.renderedLiveness = new float[frameSamples];
        this.clean = new float[frameSamples];
        this.mixed = new float[frameSamples];
        this.cleanPcm = new short[frameSamples];
        this.mixedPcm = new short[frameSamples];
        this.liveness = new GainRamp(switchRampSamples, false);
        this.voiceNormalizer = new LevelNormalizer(settings.targetLevelDbfs(), settings.maxNormalisationDb(),
                frameSamples, sampleRate);
        this.ceilingDbfs = settings.ceilingDbfs();
        this.sampleRate = sampleRate;
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
        renderedIdle = liveness.isClosed();
        if (renderedIdle) {
            renderIdle(floor);
        } else {
            for (int i = 0; i < frameSamples; i++) {
                float l = liveness.next();
                renderedLiveness[i] = l;
                float v = voice[i];
                float f = floor[i];
                clean[i] = floorWhenIdle ? v + (1f - l) * f : v;
                mixed[i] = v + f * (1f - l * duckDepth);
            }
        }
        // The normalised voice is kept for renderWithFloor; the bus starts the next tick empty.
        float[] rendered = voice;
        voice = renderedVoice;
        renderedVoice = rendered;
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

    /**
     * Renders {@code variant} of the last {@link #render} again over another floor: the same
     * normalised voice, the same per-sample floor gains (ducking, idle/live ramp), then
     * {@code limiter} (the caller's own, so its envelope follows this rendering). With the floor
     * that {@code render} had, the result is the same frame, sample for sample (the floor paths are
     * linear up to the limiter, which is why a mix-minus is replayed here and not subtracted from
     * the limited output).
     *
     * @param floor   the other floor (e.g. the floor without one speaker), same level processing as the real one
     * @param work    scratch of one frame
     * @param out     receives the 16-bit frame
     */
    public void renderWithFloor(float[] floor, Variant variant, Limiter limiter, float[] work, short[] out) {
        float[] v = renderedVoice;
        boolean clean = variant == Variant.CLEAN;
        if (renderedIdle) {
            for (int i = 0; i < frameSamples; i++) {
                work[i] = clean && !floorWhenIdle ? v[i] : v[i] + floor[i];
            }
        } else if (clean) {
            for (int i = 0; i < frameSamples; i++) {
                float l = renderedLiveness[i];
                work[i] = floorWhenIdle ? v[i] + (1f - l) * floor[i] : v[i];
            }
        } else {
            for (int i = 0; i < frameSamples; i++) {
                float l = renderedLiveness[i];
                work[i] = v[i] + floor[i] * (1f - l * duckDepth);
            }
        }
        limiter.process(work, frameSamples);
        Pcm16.toShort(work, out, frameSamples);
    }

    /** A limiter like this channel's outputs have, for a {@link #renderWithFloor} stream of its own. */
    public Limiter newLimiter() {
        return new Limiter(ceilingDbfs, sampleRate);
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
