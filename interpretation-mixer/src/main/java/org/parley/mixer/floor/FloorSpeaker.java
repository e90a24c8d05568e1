package org.parley.mixer.floor;

import org.parley.mixer.channel.Decibels;
import org.parley.mixer.channel.GainRamp;
import org.parley.mixer.channel.SourceFrame;

/**
 * A participant who currently has (or is just losing) the floor, with the level of their last frame.
 *
 * <p>The level is measured from the decoded PCM every tick; when the sender also sent an RFC 6464
 * client-to-mixer audio level, that is reported alongside and preferred by {@link #levelDb()}.
 */
public final class FloorSpeaker {

    private final String id;
    private final SourceFrame frame;
    private final GainRamp gain;
    private boolean leaving;
    private float measuredDbfs = Decibels.SILENCE_DBFS;
    private float reportedDbov = Float.NaN;

    FloorSpeaker(String id, int frameSamples, int rampSamples) {
        this.id = id;
        this.frame = new SourceFrame(frameSamples);
        this.gain = new GainRamp(rampSamples, false);
        gain.open();
    }

    /** The source id (the decoder side offers this speaker's frames under it). */
    public String id() {
        return id;
    }

    /** Where the decoder side offers this speaker's frame for the next tick. */
    public SourceFrame frame() {
        return frame;
    }

    /** RMS level of the last frame, in dBFS ({@link Decibels#SILENCE_DBFS} for silence). */
    public float measuredDbfs() {
        return measuredDbfs;
    }

    /** The RFC 6464 level sent with the last frame, in dBov (≤ 0), or NaN when none was sent. */
    public float reportedDbov() {
        return reportedDbov;
    }

    /** The level to rank speakers by: the sender's RFC 6464 level if given, else the measured one. */
    public float levelDb() {
        return Float.isNaN(reportedDbov) ? measuredDbfs : reportedDbov;
    }

    /** Whether the speaker lost the floor and is fading out. */
    public boolean isLeaving() {
        return leaving;
    }

    void leave() {
        leaving = true;
        gain.close();
    }

    void rejoin() {
        leaving = false;
        gain.open();
    }

    boolean isGone() {
        return leaving && gain.isClosed();
    }

    /** Takes this tick's frame, measures it and adds it to {@code sum}. */
    void mixInto(float[] sum, int n) {
        float[] samples = frame.take();
        measuredDbfs = Decibels.rmsDbfs(samples, n);
        int level = frame.audioLevel();
        reportedDbov = level == SourceFrame.NO_AUDIO_LEVEL ? Float.NaN : -level; // RFC 6464 §3: -dBov
        gain.mixInto(samples, sum, n);
    }
}
