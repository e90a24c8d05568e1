package org.parley.mixer.floor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums the frames of the current floor speakers into one floor frame per tick.
 *
 * <p>Giving a participant the floor fades them in, taking it away fades them out over the same
 * short ramp; a leaving speaker stays listed (and its source needed) until the fade is done.
 * The sum is soft-clipped so that simultaneous speakers never exceed full scale.
 *
 * <p>Not thread-safe: control calls and {@link #mix()} must run on the tick thread.
 */
public final class FloorMix {

    /** Linear up to −3 dBFS; two loud speakers only saturate above that. */
    private static final float SOFT_CLIP_KNEE = 0.7f;

    private final int frameSamples;
    private final int rampSamples;
    private final float[] sum;
    /** The last sum before soft clipping, kept when a speaker kept its contribution (see {@link #withoutSpeaker}). */
    private final float[] unclipped;
    private boolean unclippedKept;
    private final SoftClipper clipper = new SoftClipper(SOFT_CLIP_KNEE);
    private final List<FloorSpeaker> speakers = new ArrayList<>();
    private final List<FloorSpeaker> speakersView = Collections.unmodifiableList(speakers);
    private final Map<String, FloorSpeaker> speakersById = new HashMap<>();
    private FloorSpeaker loudest;

    /**
     * @param frameSamples samples per tick
     * @param rampSamples  fade length when a speaker gains or loses the floor
     */
    public FloorMix(int frameSamples, int rampSamples) {
        this.frameSamples = frameSamples;
        this.rampSamples = rampSamples;
        this.sum = new float[frameSamples];
        this.unclipped = new float[frameSamples];
    }

    /** Gives {@code sourceId} the floor (fading in from the next tick); returns its speaker. */
    public FloorSpeaker addSpeaker(String sourceId) {
        FloorSpeaker speaker = speakersById.get(sourceId);
        if (speaker != null) {
            speaker.rejoin();
            return speaker;
        }
        speaker = new FloorSpeaker(sourceId, frameSamples, rampSamples);
        speakers.add(speaker);
        speakersById.put(sourceId, speaker);
        return speaker;
    }

    /** Takes the floor from {@code sourceId} (fading out over the next tick); false if it had none. */
    public boolean removeSpeaker(String sourceId) {
        FloorSpeaker speaker = speakersById.get(sourceId);
        if (speaker == null || speaker.isLeaving()) {
            return false;
        }
        speaker.leave();
        return true;
    }

    /** The speaker with this source id, including one still fading out; null if none. */
    public FloorSpeaker speaker(String sourceId) {
        return speakersById.get(sourceId);
    }

    /** The current speakers, including those fading out (a read-only live view). */
    public List<FloorSpeaker> speakers() {
        return speakersView;
    }

    /** The speaker with the highest {@link FloorSpeaker#levelDb()} in the last tick; null without speakers. */
    public FloorSpeaker loudest() {
        return loudest;
    }

    /**
     * Computes this tick's floor: takes every speaker's frame, measures it and sums it.
     *
     * @return the floor frame, owned by this mix and overwritten by the next call
     */
    public float[] mix() {
        Arrays.fill(sum, 0f);
        FloorSpeaker top = null;
        boolean keep = false;
        for (int i = speakers.size() - 1; i >= 0; i--) {
            FloorSpeaker speaker = speakers.get(i);
            speaker.mixInto(sum, frameSamples);
            keep |= speaker.contribution() != null;
            if (speaker.isGone()) {
                speakers.remove(i);
                speakersById.remove(speaker.id());
            } else if (top == null || speaker.levelDb() > top.levelDb()) {
                top = speaker;
            }
        }
        loudest = top;
        unclippedKept = keep;
        if (keep) {
            System.arraycopy(sum, 0, unclipped, 0, frameSamples);
        }
        clipper.process(sum, frameSamples);
        return sum;
    }

    /**
     * The last {@link #mix()}'s floor without {@code speaker}: the sum minus exactly what the speaker
     * added (its {@link FloorSpeaker#contribution()}), soft-clipped. Subtracting before the clipper
     * is what makes it exact: the sum is linear, the clipper is not (a speaker who drove the sum into
     * the knee would leave a residue if subtracted afterwards).
     *
     * @param speaker a speaker of the last mix that kept its contribution
     * @param out     receives the frame
     * @return false (and {@code out} untouched) if the speaker's contribution was not kept
     */
    public boolean withoutSpeaker(FloorSpeaker speaker, float[] out) {
        float[] contribution = speaker.contribution();
        if (contribution == null || !unclippedKept) {
            return false;
        }
        for (int i = 0; i < frameSamples; i++) {
            out[i] = unclipped[i] - contribution[i];
        }
        clipper.process(out, frameSamples);
        return true;
    }
}
