package org.parley.mixer.booth;

import org.parley.mixer.channel.Decibels;
import org.parley.mixer.channel.GainRamp;
import org.parley.mixer.channel.SourceFrame;

/**
 * An interpreter at a booth console: a microphone that is on or off, and a push-to-mute
 * ("cough") key that silences it while held.
 *
 * <p>Switching the microphone on is subject to the {@link Interlock}. Every change takes effect
 * at the next frame boundary through a short ramp, so neither the microphone nor the cough key
 * ever clicks.
 *
 * <p>While on air (live, cough key up) it counts the frames in a row whose microphone carried no
 * voice ({@link #silentFrames}): an interpreter on air who has not said a word for a long while has
 * most likely lost the microphone, and the listeners of the channel hear nothing.
 */
public final class Interpreter {

    /**
     * A microphone frame whose RMS level is below this carries no voice: the level normaliser's gate
     * (pauses, booth noise), well under speech at −20 to −40 dBFS. A frame that did not arrive counts
     * as silence.
     */
    public static final float SILENCE_BELOW_DBFS = -50f;
    private static final float SILENCE_POWER = (float) Math.pow(10.0, SILENCE_BELOW_DBFS / 10.0);

    private final String id;
    private final Booth booth;
    private final Interlock interlock;
    private final SourceFrame mic;
    private final GainRamp micGain;
    private final GainRamp coughGain;
    private boolean live;
    private int silentFrames;

    Interpreter(String id, Booth booth, Interlock interlock, int frameSamples, int micRampSamples,
                int coughRampSamples) {
        this.id = id;
        this.booth = booth;
        this.interlock = interlock;
        this.mic = new SourceFrame(frameSamples);
        this.micGain = new GainRamp(micRampSamples, false);
        this.coughGain = new GainRamp(coughRampSamples, true);
    }

    /** The source id of this interpreter's microphone stream. */
    public String id() {
        return id;
    }

    public Booth booth() {
        return booth;
    }

    /** Where the decoder side offers this interpreter's microphone frame for the next tick. */
    public SourceFrame mic() {
        return mic;
    }

    /** Whether this interpreter holds the live microphone of the booth's outgoing channel. */
    public boolean isLive() {
        return live;
    }

    /** Whether the push-to-mute key is held. */
    public boolean isCoughing() {
        return !coughGain.isOpening();
    }

    /**
     * Frames in a row, up to the last tick, in which this interpreter was on air (live, not coughing)
     * and the microphone carried no voice (below {@link #SILENCE_BELOW_DBFS}, or nothing arrived);
     * 0 while off air or after any voiced frame. Tick thread.
     */
    public int silentFrames() {
        return silentFrames;
    }

    /** Whether the microphone can still be heard this tick (live, or fading out): its stream must be decoded. */
    public boolean isAudible() {
        return !micGain.isClosed();
    }

    /** Switches the microphone on, unless another microphone is live on the booth's outgoing channel. */
    public MicResult micOn() {
        if (live) {
            return new MicResult(MicResult.Status.ALREADY_LIVE, id + " is already live on " + booth.outgoing());
        }
        String channel = booth.outgoing();
        if (!interlock.claim(channel, this)) {
            Interpreter holder = interlock.liveOn(channel);
            return new MicResult(MicResult.Status.REFUSED_CHANNEL_BUSY, "channel " + channel + " is live with "
                    + holder.id() + " of booth " + holder.booth().language() + "; ask for a handover");
        }
        goLive();
        return new MicResult(MicResult.Status.GRANTED, id + " is live on " + channel);
    }

    /** Switches the microphone off (fading out over the next frame); withdraws a handover it offered. */
    public MicResult micOff() {
        if (live) {
            interlock.release(booth.outgoing(), this);
            goQuiet();
            booth.forgetHandoverFrom(this);
        }
        return new MicResult(MicResult.Status.RELEASED, id + " is off");
    }

    /** Presses ({@code true}) or releases the push-to-mute key; the microphone ramps down or up in a few ms. */
    public void cough(boolean held) {
        coughGain.target(!held);
    }

    void goLive() {
        live = true;
        micGain.open();
    }

    void goQuiet() {
        live = false;
        micGain.close();
    }

    /** Takes this tick's microphone frame and adds it, through the microphone and cough ramps, to {@code bus}. */
    void mixInto(float[] bus, int n) {
        float[] samples = mic.take();
        if (live && !isCoughing()) {
            silentFrames = Decibels.meanSquare(samples, n) < SILENCE_POWER ? silentFrames + 1 : 0;
        } else {
            silentFrames = 0;
        }
        if (micGain.isClosed()) {
            return;
        }
        if (coughGain.isFullyOpen()) {
            micGain.mixInto(samples, bus, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            // Advance both ramps every sample so they stay in step with the frame clock.
            float g = micGain.next() * coughGain.next();
            bus[i] += samples[i] * g;
        }
    }
}
