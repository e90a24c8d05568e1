package org.parley.signaling.store;

/**
 * How well one participation's media got through, summed up over its stay from samples of its
 * transport's RTCP figures ({@code TransportQuality}). Each value is null when no sample knew it (no
 * media, or a SIP call before its quality is measured).
 *
 * @param samples           how many samples knew at least one value
 * @param meanLossPercent   mean packet loss, the worse direction of each sample, 0..100
 * @param worstLossPercent  the highest loss sampled
 * @param meanJitterMillis  mean interarrival jitter, the worse direction of each sample
 * @param worstJitterMillis the highest jitter sampled
 * @param meanRttMillis     mean round-trip time
 * @param worstRttMillis    the highest round-trip time sampled
 * @param meanMos           mean MOS estimate (1..5), null until a MOS source is fed ({@code statistics.MosSource})
 * @param minMos            the lowest MOS estimate sampled
 */
public record QualitySummary(int samples, Double meanLossPercent, Double worstLossPercent, Double meanJitterMillis,
                             Double worstJitterMillis, Double meanRttMillis, Double worstRttMillis, Double meanMos,
                             Double minMos) {

    /** Nothing sampled. */
    public static final QualitySummary NONE = new QualitySummary(0, null, null, null, null, null, null, null, null);
}
