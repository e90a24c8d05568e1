package org.parley.mixer.hls;

import java.util.Collection;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.tier.EncodedFrameSink;
import org.parley.mixer.tier.Tier;

/**
 * Maps one run of a meeting's mixer (whose timestamps start again at zero each time the meeting's
 * mixer starts) onto the webcast's own timeline, which never goes back: the run's first packet lands
 * on {@code resumeAt}, a segment boundary after everything the renditions have written, so their
 * segment indexes and decode times carry on where the previous run stopped. One offset for every
 * rendition of the run, so they stay aligned.
 *
 * <p>The offset is set by the run's first packet, on the mixer thread; every rendition of one
 * meeting is fed by the same mixer thread, so no lock is needed.
 */
public final class HlsTimeline {

    private final long resumeAt;
    private long offset;
    private boolean anchored;

    private HlsTimeline(long resumeAt) {
        this.resumeAt = resumeAt;
    }

    /** A timeline for a new mixer run that continues after what {@code renditions} have written. */
    public static HlsTimeline continuing(Collection<HlsRendition> renditions, int segmentSamples) {
        long resume = 0;
        for (HlsRendition rendition : renditions) {
            resume = Math.max(resume, rendition.segmenter().resumePoint());
        }
        return new HlsTimeline(Math.ceilDiv(resume, segmentSamples) * segmentSamples);
    }

    /** The sink a tap on {@code rendition}'s channel stream feeds: mixer thread, nothing allocated. */
    public EncodedFrameSink sink(HlsRendition rendition) {
        HlsSegmenter segmenter = rendition.segmenter();
        return (String language, Variant variant, Tier tier, byte[] data, int length, long rtpTimestamp48k,
                int durationSamples) -> {
            if (!anchored) {
                offset = resumeAt - rtpTimestamp48k;
                anchored = true;
            }
            segmenter.frame(data, length, rtpTimestamp48k + offset, durationSamples);
        };
    }
}
