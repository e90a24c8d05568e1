package org.parley.signaling.statistics;

import org.parley.media.transport.TransportQuality;
import org.parley.signaling.store.QualitySummary;

/**
 * Sums up samples of one participant's link quality: per figure the mean of the samples that knew it
 * and the worst. Sampled at a fixed period, so the means are over time. Not thread-safe.
 */
final class QualityAccumulator {

    /** One figure: how many samples knew it, their sum, and the worst (largest, or smallest for MOS). */
    private static final class Figure {
        private final boolean lowerIsWorse;
        private int count;
        private double sum;
        private double worst;

        Figure(boolean lowerIsWorse) {
            this.lowerIsWorse = lowerIsWorse;
        }

        /** Adds {@code value} unless it is unknown (negative or NaN); whether it was known. */
        boolean add(double value) {
            if (!(value >= 0)) {
                return false;
            }
            worst = count == 0 ? value : lowerIsWorse ? Math.min(worst, value) : Math.max(worst, value);
            count++;
            sum += value;
            return true;
        }

        Double mean() {
            return count == 0 ? null : sum / count;
        }

        Double worst() {
            return count == 0 ? null : worst;
        }
    }

    private final Figure loss = new Figure(false);
    private final Figure jitter = new Figure(false);
    private final Figure rtt = new Figure(false);
    private final Figure mos = new Figure(true);
    private int samples;

    /**
     * Adds one sample: the worse direction's loss and jitter (what the participant heard or what it sent,
     * whichever suffered more), the round-trip time, and {@code mosEstimate} (NaN when unknown).
     */
    void add(TransportQuality quality, double mosEstimate) {
        boolean known = loss.add(quality.worstLossPercent());
        known |= jitter.add(quality.worstJitterMillis());
        known |= rtt.add(quality.rttMillis());
        known |= mos.add(mosEstimate);
        if (known) {
            samples++;
        }
    }

    QualitySummary summary() {
        return new QualitySummary(samples, loss.mean(), loss.worst(), jitter.mean(), jitter.worst(), rtt.mean(),
                rtt.worst(), mos.mean(), mos.worst());
    }
}
