package org.parley.mixer.floor;

import java.util.Arrays;
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
    /** This tick's gain-adjusted samples as summed into the floor, while a mix-minus needs them; else null. */
    private float[] contribution;
    private boolean keepContribution;
    private boolean contributed;

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

    /**
     * Asks the coming tick to keep what this speaker adds to the floor ({@link #contribution()}), for
     * a mix-minus. Holds for one tick. Tick thread.
     */
    public void keepContribution() {
        keepContribution = true;
    }

    /**
     * What this speaker added to the floor in the last tick (its frame times its fade gain, exactly
     * the values summed), or null if it was not asked for ({@link #keepContribution}) or the speaker
     * was silent (fully faded out). Owned by the speaker; valid until the next tick.
     */
    public float[] contribution() {
        return contributed ? contribution : null;
    }

    /** Takes this tick's frame, measures it and adds it to {@code sum}. */
    void mixInto(float[] sum, int n) {
        float[] samples = frame.take();
        measuredDbfs = Decibels.rmsDbfs(samples, n);
        int level = frame.audioLevel();
        reportedDbov = level == SourceFrame.NO_AUDIO_LEVEL ? Float.NaN : -level; // RFC 6464 §3: -dBov
        contributed = false;
        if (!keepContribution) {
            gain.mixInto(samples, sum, n);
            return;
        }
        keepContribution = false;
        if (gain.isClosed()) {
            return;
        }
        if (contribution == null) {
            contribution = new float[n]; // once per speaker that ever needs a mix-minus
        }
        // 0 + x·g is x·g exactly: the sum gets the very values it would get from mixInto(samples, sum).
        Arrays.fill(contribution, 0, n, 0f);
        gain.mixInto(samples, contribution, n);
        for (int i = 0; i < n; i++) {
            sum[i] += contribution[i];
        }
        contributed = true;
    }
}
